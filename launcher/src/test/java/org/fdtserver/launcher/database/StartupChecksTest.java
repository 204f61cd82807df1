package org.fdtserver.launcher.database;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** What the launcher makes of a database that is not there, or not there yet. */
public class StartupChecksTest {

    @Test
    public void anUnreachableDatabaseIsReportedWithItsUrlAndUser() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // closed again below: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/ledger";
        String problem = DatabaseCheck.problem(url, "fdt", "secret");
        assertTrue(problem, problem.startsWith("cannot reach the database at " + url + " as fdt: "));
        assertTrue(problem, problem.contains("refused"));
    }

    @Test
    public void aServerThatIsStillStartingIsWaitedFor() throws Exception {
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            AtomicInteger attempts = new AtomicInteger();
            new Postmaster(running).awaitReady(() -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new SQLException("FATAL: the database system is starting up", "57P03");
                }
            });
            assertEquals(3, attempts.get());
        } finally {
            running.destroyForcibly();
        }
    }
}
