package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The embedded PostgreSQL is a supervised part of the server: a postmaster that dies is noticed,
 * logged and restarted on the same port, with its prepared branches intact; a postmaster a
 * killed launcher left behind is stopped by the next start instead of blocking it.
 */
public class EmbeddedDatabaseSupervisionIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final int postgresPort = FreePorts.pick();

    private ServerConfig config() throws Exception {
        return new ServerConfig(tmp.newFolder("server").toPath()).withLedger("").set("workers", "1")
                .set("database.embedded_port", Integer.toString(postgresPort));
    }

    @Test
    public void aKilledPostmasterIsRestartedOnTheSamePortAndItsPreparedBranchSurvives() throws Exception {
        ServerConfig config = config();
        EmbeddedPostgresFiles files = new EmbeddedPostgresFiles(config);
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK BEGIN gsurvive", c.ask("BEGIN gsurvive"));
                assertEquals("OK 500", c.ask("CREDIT survivor 500"));
                assertEquals("OK PREPARED", c.ask("PREPARE"));
            }
            long postmaster = files.postmasterPid();
            ServerProcess.kill("KILL", postmaster);

            assertThat(server.awaitLine("embedded PostgreSQL (pid " + postmaster + ") died"), containsString("signal SIGKILL"));
            String restarted = server.awaitLine("embedded PostgreSQL restarted");
            assertThat(restarted, containsString("127.0.0.1:" + postgresPort));

            // The pools may still hold sessions of the dead server: wait until the ledger answers again.
            assertEquals("OK INDOUBT", askUntil(config, "RECOVER", a -> a.contains("INDOUBT gsurvive ") ? "OK INDOUBT" : a));
            assertEquals("OK COMMITTED 1", askUntil(config, "COMMIT-PREPARED gsurvive", a -> a));
            assertEquals("OK 500", askUntil(config, "BALANCE survivor", a -> a));
            assertNotEquals("a new postmaster serves", postmaster, files.postmasterPid());
            assertEquals("the worker serves on", 1, server.readyWorkerPids().size());
        }
    }

    @Test
    public void theNextStartStopsThePostmasterAKilledLauncherLeftRunning() throws Exception {
        ServerConfig config = config();
        EmbeddedPostgresFiles files = new EmbeddedPostgresFiles(config);
        long orphan;
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            List<Long> workers = server.awaitReadyWorkers(1);
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 77", c.ask("CREDIT orphaned 77"));
            }
            orphan = files.postmasterPid();
            server.signal("KILL");
            assertEquals(137, server.awaitExit());
            await("workers of the killed launcher exit").atMost(ServerProcess.DEADLINE)
                    .until(() -> workers.stream().noneMatch(ServerProcess::alive));
            assertTrue("the postmaster outlives its launcher", ServerProcess.alive(orphan));
        }
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            assertThat(server.awaitLine("left running by an earlier launcher"), containsString("pid " + orphan));
            assertFalse("the orphan is stopped", ServerProcess.alive(orphan));
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 77", c.ask("BALANCE orphaned"));
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit());
        }
        // A pid file whose pid is now someone else's (pids are reused) is stale, not a reason to refuse.
        Process stranger = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(files.dataDirectory().resolve("postmaster.pid"), stranger.pid() + "\n" + files.dataDirectory() + "\n");
            try (ServerProcess server = ServerProcess.start(config, "run")) {
                server.awaitReadyWorkers(1);
                assertThat(server.awaitLine("stale"), containsString("pid " + stranger.pid()));
                assertTrue("an unrelated process is left alone", stranger.isAlive());
            }
        } finally {
            stranger.destroyForcibly();
        }
    }

    /** Asks on a fresh connection until the (mapped) answer starts with OK. */
    private static String askUntil(ServerConfig config, String request, java.util.function.UnaryOperator<String> map) {
        AtomicReference<String> last = new AtomicReference<>();
        await("the ledger answers '" + request + "' with OK (last: " + last + ")").atMost(ServerProcess.DEADLINE)
                .ignoreExceptions().until(() -> {
                    try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                        last.set(map.apply(c.ask(request)));
                    }
                    return last.get().startsWith("OK");
                });
        return last.get();
    }
}
