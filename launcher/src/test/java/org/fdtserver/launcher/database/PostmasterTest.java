package org.fdtserver.launcher.database;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import org.fdtserver.launcher.LogCapture;
import org.junit.Rule;
import org.junit.Test;

/** What the operator learns of a PostgreSQL server that exits while it starts. */
public class PostmasterTest {

    @Rule
    public LogCapture log = new LogCapture();

    @Test
    public void aServerThatExitsWhileStartingIsReportedWithItsLastWords() throws Exception {
        Process server = new ProcessBuilder("sh", "-c",
                "echo 'LOG:  starting PostgreSQL'; echo 'FATAL:  data directory has wrong ownership'; exit 1")
                .redirectErrorStream(true).start();
        Postmaster postmaster = new Postmaster(server);
        IOException e = assertThrows(IOException.class, () -> postmaster.awaitReady(() -> {
            throw new SQLException("Connection refused", "08001");
        }));
        assertEquals("PostgreSQL exited while starting (exit code 1): LOG:  starting PostgreSQL"
                + " | FATAL:  data directory has wrong ownership", e.getMessage());
        assertTrue(log.lines().toString(), log.has("INFO postgres: FATAL:  data directory has wrong ownership"));
    }
}
