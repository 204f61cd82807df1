package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The ledger on a PostgreSQL that the test stops and starts (same port, same data directory),
 * reached as a non-superuser role with its password ({@code database.user},
 * {@code database.password}): after a restart no pooled session that died is handed out, a
 * branch whose session died says it was rolled back, and while the database is down no answer
 * tells the client where the database is.
 */
public class DatabaseRestartIT {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static OwnedDatabase db;
    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        db = new OwnedDatabase(tmp.newFolder("postgres").toPath(), "s3cret-" + System.nanoTime());
        // One worker: every request below goes through the same pool.
        config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger(db.url())
                .set("workers", "1")
                .set("database.user", OwnedDatabase.ROLE)
                .set("database.password", db.password());
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(1);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    public void afterARestartWhileIdleNoRequestFailsAndAnActiveBranchSaysItWasRolledBack() throws Exception {
        // Several sessions in the pool: six branches at once, then all rolled back.
        List<LedgerClient> warm = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                LedgerClient c = new LedgerClient(config.ledgerPort());
                warm.add(c);
                assertEquals("OK BEGIN gwarm" + i, c.ask("BEGIN gwarm" + i));
                assertEquals("OK 1", c.ask("CREDIT warm" + i + " 1"));
            }
            for (LedgerClient c : warm) {
                assertEquals("OK ROLLED-BACK", c.ask("ROLLBACK"));
            }
        } finally {
            for (LedgerClient c : warm) {
                c.close();
            }
        }
        try (LedgerClient held = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN grestart", held.ask("BEGIN grestart"));
            assertEquals("OK 100", held.ask("CREDIT restart-held 100"));

            db.stop();
            db.start();

            List<String> failures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                    for (int n = 1; n <= 5; n++) {
                        String answer = c.ask("CREDIT restart" + i + " 1");
                        if (!answer.equals("OK " + n)) {
                            failures.add("CREDIT restart" + i + " 1 -> " + answer);
                        }
                    }
                }
            }
            assertEquals("none of the 40 requests after the restart fails", List.of(), failures);

            assertEquals("OK ROLLED_BACK grestart (its database session was lost)", held.ask("STATE"));
            assertThat("no work runs outside the lost branch", held.ask("CREDIT restart-held 1"),
                    startsWith("ERR database: the connection's transaction was rolled back (its database session was lost)"));
            assertEquals("OK ROLLED-BACK", held.ask("ROLLBACK"));
            assertEquals("OK BEGIN grestart2", held.ask("BEGIN grestart2"));
            assertEquals("OK 1", held.ask("CREDIT restart-held 1"));
            assertEquals("OK COMMITTED", held.ask("COMMIT"));
            assertEquals("OK COMMITTED grestart2", held.ask("STATE"));
        }
    }

    @Test
    public void whileTheDatabaseIsDownNoAnswerNamesItsAddressAndAPreparedBranchWaitsForIt() throws Exception {
        try (LedgerClient c = new LedgerClient(config.ledgerPort()); LedgerClient owner = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gkeep", owner.ask("BEGIN gkeep"));
            assertEquals("OK 9", owner.ask("CREDIT keep 9"));
            assertEquals("OK PREPARED", owner.ask("PREPARE"));
            assertEquals("OK 1", c.ask("CREDIT down 1"));
            db.stop();
            try {
                for (String request : List.of("BEGIN gdown", "BALANCE down", "CREDIT down 1", "RECOVER",
                        "COMMIT-PREPARED gdown", "ROLLBACK-PREPARED gdown")) {
                    assertSafe(request, c.ask(request));
                }
                String commit = owner.ask("COMMIT");
                assertEquals("ERR cannot commit the prepared branch: database unavailable (SQL state 08001); it stays prepared",
                        commit);
                assertSafe("COMMIT", commit);
                assertTrue("the worker logs where it could not connect", server.output().stream()
                        .anyMatch(l -> l.contains("[worker ") && l.contains("Connection to 127.0.0.1:" + db.port() + " refused")));
            } finally {
                db.start();
            }
            assertEquals("OK 2", c.ask("CREDIT down 1"));
            assertEquals("OK PREPARED gkeep", owner.ask("STATE"));
            assertEquals("OK COMMITTED", owner.ask("COMMIT"));
        }
        assertEquals(9, TestDatabase.queryLong(db.url(), "SELECT balance FROM ledger_accounts WHERE id = 'keep'"));
    }

    private static void assertSafe(String request, String answer) {
        assertThat(request, answer, startsWith("ERR "));
        assertThat(request + " -> " + answer, answer, containsString("database unavailable (SQL state 08001)"));
        for (String secret : List.of(Integer.toString(db.port()), "127.0.0.1", "localhost", "jdbc:", "postgresql:")) {
            assertFalse(request + " -> " + answer + " names " + secret, answer.contains(secret));
        }
    }
}
