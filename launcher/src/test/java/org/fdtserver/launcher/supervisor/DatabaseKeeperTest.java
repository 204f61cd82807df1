package org.fdtserver.launcher.supervisor;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import org.junit.Test;

public class DatabaseKeeperTest {

    /** Counts restarts; the first {@code failing} of them cannot start the process. */
    private static final class FakeDatabase implements RestartableDatabase {
        int restarts;
        int failing;

        @Override
        public void restart() throws IOException {
            restarts++;
            if (failing-- > 0) {
                throw new IOException("no such file: postgres");
            }
        }
    }

    @Test
    public void aDeathIsRestartedAtOnceAndFailedRestartsBackOff() {
        FakeDatabase db = new FakeDatabase();
        db.failing = 2;
        DatabaseKeeper keeper = new DatabaseKeeper(db, 0);
        keeper.restartIfDue(50_000);
        assertEquals("nothing died", 0, db.restarts);
        keeper.died("embedded PostgreSQL (pid 1) died: signal SIGKILL", 100_000);
        keeper.restartIfDue(100_000);
        assertEquals("a long-lived server is restarted at once", 1, db.restarts);
        keeper.restartIfDue(100_000);
        assertEquals("its failed start is retried at once too", 2, db.restarts);
        keeper.restartIfDue(100_500);
        assertEquals("then the delay grows", 2, db.restarts);
        keeper.restartIfDue(101_000);
        assertEquals(3, db.restarts);
        keeper.restartIfDue(200_000);
        assertEquals("it runs now: nothing more", 3, db.restarts);
    }
}
