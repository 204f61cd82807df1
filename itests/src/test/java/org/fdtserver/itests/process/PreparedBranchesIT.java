package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One worker with the default eight database sessions: PREPARED branches whose connections stay
 * open hold none of them, and resolving prepared branches (RECOVER, COMMIT-PREPARED,
 * ROLLBACK-PREPARED, a connection's own phase two, the shell) never waits behind application work
 * that holds all of them.
 */
public class PreparedBranchesIT {

    private static final int POOL_SIZE = 8;

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static String db;
    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        db = TestDatabase.newDatabase("prepared");
        config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger(db)
                .set("workers", "1").set("database.pool_size", Integer.toString(POOL_SIZE));
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
    public void sixteenOpenPreparedBranchesLeaveTheWorkersSessionsFree() throws Exception {
        List<LedgerClient> prepared = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * POOL_SIZE; i++) {
                LedgerClient c = new LedgerClient(config.ledgerPort());
                prepared.add(c);
                assertEquals("OK BEGIN gp" + i, c.ask("BEGIN gp" + i));
                assertEquals("OK 10", c.ask("CREDIT p" + i + " 10"));
                assertEquals("OK PREPARED", c.ask("PREPARE"));
            }
            try (LedgerClient other = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK BEGIN gother", other.ask("BEGIN gother"));
                assertEquals("OK 5", other.ask("CREDIT p-other 5"));
                assertEquals("OK 5", other.ask("BALANCE p-other"));
                assertEquals("OK COMMITTED", other.ask("COMMIT"));
                assertEquals("OK 5", other.ask("BALANCE p-other"));
                assertEquals("OK COMMITTED 1", other.ask("COMMIT-PREPARED gp0"));
            }
            for (int i = 1; i < prepared.size(); i++) {
                assertEquals("OK COMMITTED", prepared.get(i).ask("COMMIT"));
            }
        } finally {
            for (LedgerClient c : prepared) {
                c.close();
            }
        }
        for (int i = 0; i < 2 * POOL_SIZE; i++) {
            assertEquals(10, TestDatabase.queryLong(db, "SELECT balance FROM ledger_accounts WHERE id = 'p" + i + "'"));
        }
    }

    @Test
    public void resolutionDoesNotWaitBehindApplicationWorkThatHoldsEverySession() throws Exception {
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN ghungup", c.ask("BEGIN ghungup"));
            assertEquals("OK 7", c.ask("CREDIT r-hungup 7"));
            assertEquals("OK PREPARED", c.ask("PREPARE"));
        }
        List<LedgerClient> active = new ArrayList<>();
        try (LedgerClient owner = new LedgerClient(config.ledgerPort()); LedgerClient other = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gowner", owner.ask("BEGIN gowner"));
            assertEquals("OK 3", owner.ask("CREDIT r-owner 3"));
            assertEquals("OK PREPARED", owner.ask("PREPARE"));
            for (int i = 0; i < POOL_SIZE; i++) {
                LedgerClient a = new LedgerClient(config.ledgerPort());
                active.add(a);
                assertEquals("OK BEGIN ga" + i, a.ask("BEGIN ga" + i));
                assertEquals("OK 1", a.ask("CREDIT r-active" + i + " 1"));
            }
            // Every application session is pinned by an ACTIVE branch now.
            String recover = other.ask("RECOVER");
            assertThat(recover, containsString("INDOUBT ghungup "));
            assertThat(recover, containsString("INDOUBT gowner "));
            assertThat(ShellClient.run(config.runDir(), "1.0", "fdt:indoubt"), containsString("ghungup "));
            assertEquals("OK ROLLED-BACK 1", other.ask("ROLLBACK-PREPARED ghungup"));
            assertEquals("OK COMMITTED", owner.ask("COMMIT"));
            for (LedgerClient a : active) {
                assertEquals("OK ROLLED-BACK", a.ask("ROLLBACK"));
            }
        } finally {
            for (LedgerClient a : active) {
                a.close();
            }
        }
        assertEquals(3, TestDatabase.queryLong(db, "SELECT balance FROM ledger_accounts WHERE id = 'r-owner'"));
        assertEquals(0, TestDatabase.queryLong(db, "SELECT count(*) FROM ledger_accounts WHERE id = 'r-hungup'"));
        assertEquals(0, TestDatabase.queryLong(db, "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
    }
}
