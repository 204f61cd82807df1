package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThat;

import java.time.Duration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The database and transaction keys of the config file reach the workers: each is set in the
 * config file of a real installation (far from its default) and its effect is observed in the
 * worker, as a client or operator sees it. {@code database.url} and {@code database.user} are
 * what every ledger test runs on; {@code database.password} is in {@link DatabaseRestartIT}.
 */
public class TransactionSettingsIT {

    /** Well below the 60 s default of transaction.timeout, and below the 30 s read timeout of the test's sockets. */
    private static final Duration WELL_BEFORE_DEFAULT = Duration.ofSeconds(20);

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static String db;
    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        db = TestDatabase.newDatabase("settings");
        config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger(db)
                .set("workers", "1")
                .set("idle_timeout", "120s") // so only the transaction timeout can close a silent connection
                .set("transaction.timeout", "2s")
                .set("database.pool_size", "1")
                .set("transaction.indoubt_warning", "1s");
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(1);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void transactionTimeoutRollsBackASilentActiveBranchAndClosesItsConnection() throws Exception {
        open("timeout", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gtimeout", c.ask("BEGIN gtimeout"));
            assertEquals("OK 900", c.ask("DEBIT timeout 100"));
            // The socket's read timeout (30 s) is the deadline: the default (60 s) would not close it in time.
            assertNull("closed by the 2 s transaction timeout", c.readLine());
        }
        server.awaitLine("transaction timeout: ACTIVE for more than 2000 ms");
        await("the branch rolled back").atMost(WELL_BEFORE_DEFAULT).ignoreExceptions()
                .until(() -> balance("timeout") == 1000);
    }

    @Test
    public void poolSizeBoundsTheWorkersDatabaseSessions() throws Exception {
        open("pool", 1000);
        try (LedgerClient a = new LedgerClient(config.ledgerPort()); LedgerClient b = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gpool", a.ask("BEGIN gpool"));
            assertEquals("OK 1001", a.ask("CREDIT pool 1"));
            // a's branch pins the worker's one session (and the row): b's request waits for the session.
            b.send("CREDIT pool 5");
            await("b's request being served").atMost(WELL_BEFORE_DEFAULT).pollInterval(Duration.ofMillis(100))
                    .until(() -> ShellClient.run(config.runDir(), "1.0", "fdt:status").contains("busy 1 /"));
            assertEquals("database.pool_size = 1: no second session for b", 1, workerSessions());
            assertEquals("OK ROLLED-BACK", a.ask("ROLLBACK"));
            assertEquals("OK 1005", b.answer());
        }
        assertEquals(1, workerSessions());
    }

    @Test
    public void workerZeroWarnsAboutABranchInDoubtLongerThanTheConfiguredAge() throws Exception {
        open("warn", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gwarn", c.ask("BEGIN gwarn"));
            assertEquals("OK 990", c.ask("DEBIT warn 10"));
            assertEquals("OK PREPARED", c.ask("PREPARE"));
        }
        try {
            await("worker 0's in-doubt warning").atMost(WELL_BEFORE_DEFAULT).pollInterval(Duration.ofMillis(100))
                    .until(() -> server.output().stream().anyMatch(l -> l.contains(" of gwarn (worker 1.0) has been in doubt for ")));
            assertThat(server.output().stream().filter(l -> l.contains(" of gwarn ")).findFirst().orElseThrow(),
                    containsString("WARN"));
        } finally {
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK ROLLED-BACK 1", c.ask("ROLLBACK-PREPARED gwarn"));
            }
        }
    }

    private static void open(String account, long cents) throws Exception {
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK " + cents, c.ask("CREDIT " + account + " " + cents));
        }
    }

    private static long balance(String account) throws Exception {
        return TestDatabase.queryLong(db, "SELECT balance FROM ledger_accounts WHERE id = '" + account + "'");
    }

    /** @return the sessions the worker's application pool holds open in the test's database */
    private static long workerSessions() throws Exception {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name LIKE 'fdtserver worker %'");
    }
}
