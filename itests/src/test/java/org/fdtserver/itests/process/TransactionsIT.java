package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Connection-bound transactions through the ledger example, on a real server (launcher and two
 * worker JVMs) and a real PostgreSQL the test starts: what a client and the database see when
 * connections die before and after phase one, when a worker is killed, when a handler fails or
 * the connection idles, and when the server is told to stop while a transaction is open.
 * Each test uses its own accounts, so they share one server and database.
 */
public class TransactionsIT {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static String db;
    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        db = TestDatabase.newDatabase("tx");
        config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger(db).set("idle_timeout", "4s");
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(2);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void disconnectBeforePrepareRollsBackAndReleasesTheRowAtOnce() throws Exception {
        open("before", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gbefore", c.ask("BEGIN gbefore"));
            assertEquals("OK 900", c.ask("DEBIT before 100"));
        }
        await("row lock released").atMost(ServerProcess.DEADLINE).ignoreExceptions().until(() -> canUpdate("before"));
        assertEquals(1000, balance("before"));
        assertEquals(0, prepared());
    }

    @Test
    public void disconnectAfterPrepareKeepsTheBranchLockedUntilCommitPreparedFromANewConnection() throws Exception {
        open("after", 1000);
        prepareAndHangUp("gafter", "DEBIT after 100");
        assertTrue("prepared branch listed", prepared() >= 1);
        assertTrue("the prepared branch keeps its row lock", !canUpdate("after"));
        assertEquals(1000, balance("after"));
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertThat(c.ask("RECOVER"), containsString("INDOUBT gafter "));
            assertEquals("OK COMMITTED 1", c.ask("COMMIT-PREPARED gafter"));
            assertThat(c.ask("COMMIT-PREPARED gafter"), startsWith("ERR no prepared transaction 'gafter'"));
        }
        assertEquals(900, balance("after"));
        assertTrue(canUpdate("after"));
    }

    @Test
    public void rollbackPreparedFromANewConnectionUndoesTheBranch() throws Exception {
        open("undo", 1000);
        prepareAndHangUp("gundo", "DEBIT undo 300");
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK ROLLED-BACK 1", c.ask("ROLLBACK-PREPARED gundo"));
        }
        assertEquals(1000, balance("undo"));
        assertTrue(canUpdate("undo"));
    }

    @Test
    public void aPreparedBranchResolvedFromAnotherConnectionReportsTheOutcomeThatHappened() throws Exception {
        open("elsewhere", 1000);
        try (LedgerClient owner = new LedgerClient(config.ledgerPort()); LedgerClient other = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gelse1", owner.ask("BEGIN gelse1"));
            assertEquals("OK 900", owner.ask("DEBIT elsewhere 100"));
            assertEquals("OK PREPARED", owner.ask("PREPARE"));
            assertEquals("OK ROLLED-BACK 1", other.ask("ROLLBACK-PREPARED gelse1"));
            assertEquals("ERR cannot commit: the branch is no longer prepared: it was rolled back elsewhere", owner.ask("COMMIT"));
            assertEquals("OK ROLLED_BACK gelse1 (rolled back elsewhere)", owner.ask("STATE"));
            assertEquals(1000, balance("elsewhere"));

            assertEquals("OK BEGIN gelse2", owner.ask("BEGIN gelse2"));
            assertEquals("OK 900", owner.ask("DEBIT elsewhere 100"));
            assertEquals("OK PREPARED", owner.ask("PREPARE"));
            assertEquals("OK COMMITTED 1", other.ask("COMMIT-PREPARED gelse2"));
            assertEquals("ERR cannot roll back: the branch is no longer prepared: it was committed elsewhere", owner.ask("ROLLBACK"));
            assertEquals("OK COMMITTED gelse2 (committed elsewhere)", owner.ask("STATE"));
            assertEquals(900, balance("elsewhere"));
        }
    }

    @Test
    public void preparedBranchOfAWorkerKilledWithSigkillIsStillListedAndResolvable() throws Exception {
        open("killed", 1000);
        String worker;
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            c.ask("BEGIN gkilled");
            c.ask("DEBIT killed 250");
            assertEquals("OK PREPARED", c.ask("PREPARE"));
            worker = workerOf(c.ask("RECOVER"), "gkilled");
            long pid = ControlClient.workers(config.runDir()).stream().filter(w -> w.id().equals(worker))
                    .findFirst().orElseThrow().pid();
            ServerProcess.kill("KILL", pid);
            await("worker " + worker + " gone").atMost(ServerProcess.DEADLINE).until(() -> !ServerProcess.alive(pid));
            assertNull("the client's connection died with its worker", c.readLine());
        }
        server.awaitReadyWorkers(2);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertThat(c.ask("RECOVER"), containsString("INDOUBT gkilled "));
            assertEquals("OK COMMITTED 1", c.ask("COMMIT-PREPARED gkilled"));
        }
        assertEquals(750, balance("killed"));
    }

    @Test
    public void aBranchWhoseStatementFailedVotesNoAndKeepsNothing() throws Exception {
        open("failed", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN gfailed", c.ask("BEGIN gfailed"));
            assertEquals("OK 900", c.ask("DEBIT failed 100"));
            assertThat(c.ask("CREDIT failed 9223372036854775807"), startsWith("ERR database: "));
            // PostgreSQL would turn this PREPARE into a silent ROLLBACK: the vote must say so.
            assertEquals("ERR vote no: rolled back", c.ask("PREPARE"));
            assertThat(c.ask("RECOVER"), org.hamcrest.CoreMatchers.not(containsString("INDOUBT gfailed ")));
        }
        assertEquals(1000, balance("failed"));
        assertTrue(canUpdate("failed"));
    }

    @Test
    public void handlerFailureInAnActiveBranchRollsItBack() throws Exception {
        open("panic", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            c.ask("BEGIN gpanic");
            assertEquals("OK 1", c.ask("DEBIT panic 999"));
            assertNull("the failure closes the connection", c.ask("PANIC"));
        }
        await("row lock released").atMost(ServerProcess.DEADLINE).ignoreExceptions().until(() -> canUpdate("panic"));
        assertEquals(1000, balance("panic"));
    }

    @Test
    public void idleTimeoutInAnActiveBranchRollsItBack() throws Exception {
        open("idle", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            c.ask("BEGIN gidle");
            assertEquals("OK 500", c.ask("DEBIT idle 500"));
            assertNull("closed by the 4 s idle timeout", c.readLine());
        }
        await("row lock released").atMost(ServerProcess.DEADLINE).ignoreExceptions().until(() -> canUpdate("idle"));
        assertEquals(1000, balance("idle"));
    }

    @Test
    public void theCommandLineListsAndCommitsAPreparedBranch() throws Exception {
        open("cli", 1000);
        try (LedgerClient owner = new LedgerClient(config.ledgerPort())) {
            owner.ask("BEGIN gcli");
            owner.ask("DEBIT cli 10");
            assertEquals("OK PREPARED", owner.ask("PREPARE"));
            Cli.Result list = fdtserver("tx", "list");
            assertEquals(list.output(), 0, list.exitCode());
            assertThat(list.output(), containsString("gcli "));
            String heading = list.output().lines().filter(l -> l.startsWith("GLOBAL-ID")).findFirst().orElseThrow();
            String row = list.output().lines().filter(l -> l.startsWith("gcli ")).findFirst().orElseThrow();
            assertEquals("each column starts under its heading\n" + list.output(), columnStarts(heading), columnStarts(row));
            // A typo in the file on disk does not lock the operator out of the running server.
            Path typo = tmp.newFile("typo.properties").toPath();
            Files.writeString(typo, Files.readString(config.dir().resolve("fdtserver.properties")) + "transaction.timout = 5s\n");
            Cli.Result withTypo = Cli.run(typo, "tx", "list");
            assertEquals(withTypo.output(), 0, withTypo.exitCode());
            assertThat(withTypo.output(), containsString(typo + ": key 'transaction.timout': unknown key"));
            assertThat(withTypo.output(), containsString("gcli "));
            Cli.Result commit = fdtserver("tx", "commit", "gcli");
            assertEquals(commit.output(), 0, commit.exitCode());
            assertThat(commit.output(), containsString("committed 1 prepared branch(es) of gcli"));
            assertEquals(990, balance("cli"));
            // The owner's own phase two now finds nothing prepared, and says so.
            assertThat(owner.ask("COMMIT"), containsString("no longer prepared"));
            Cli.Result again = fdtserver("tx", "rollback", "gcli");
            assertEquals(again.output(), 1, again.exitCode());
            assertThat(again.output(), containsString("no prepared transaction 'gcli'"));
        }
    }

    @Test
    public void termWaitsForAnActiveBranchToCommitBeforeTheWorkerExits() throws Exception {
        String own = TestDatabase.newDatabase("term");
        ServerConfig c = new ServerConfig(tmp.newFolder("term").toPath()).withLedger(own).set("workers", "1");
        try (ServerProcess s = ServerProcess.start(c, "run")) {
            s.awaitReadyWorkers(1);
            try (LedgerClient client = new LedgerClient(c.ledgerPort())) {
                assertEquals("OK 1000", client.ask("CREDIT term 1000"));
                client.ask("BEGIN gterm");
                assertEquals("OK 900", client.ask("DEBIT term 100"));
                s.signal("TERM");
                s.awaitLine("draining");
                assertEquals("OK 800", client.ask("DEBIT term 100"));
                assertEquals("OK PREPARED", client.ask("PREPARE"));
                assertEquals("OK COMMITTED", client.ask("COMMIT"));
                assertNull("closed once its transaction is over", client.readLine());
            }
            assertEquals(0, s.awaitExit());
        }
        assertEquals(800, TestDatabase.queryLong(own, "SELECT balance FROM ledger_accounts WHERE id = 'term'"));
    }

    @Test
    public void aDatabaseWithoutPreparedTransactionsIsRefusedAtStart() throws Exception {
        try (EmbeddedPostgres noXa = TestDatabase.start("0")) {
            ServerConfig c = new ServerConfig(tmp.newFolder("noxa").toPath())
                    .withLedger(TestDatabase.url(noXa, "postgres"));
            try (ServerProcess s = ServerProcess.start(c, "run")) {
                assertEquals(1, s.awaitExit());
                assertThat(s.tail(), containsString("does not allow prepared transactions (max_prepared_transactions = 0)"));
            }
        }
    }

    @Test
    public void theLedgerAnswersTransfersBalancesStatesAndRefusalsLineByLine() throws Exception {
        open("proto-a", 1000);
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK 700 300", c.ask("TRANSFER proto-a proto-b 300"));
            assertEquals("OK 300", c.ask("BALANCE proto-b"));
            assertEquals("ERR no account proto-nobody", c.ask("BALANCE proto-nobody"));
            assertEquals("ERR insufficient funds in proto-a", c.ask("DEBIT proto-a 701"));
            assertEquals("ERR an amount is a whole number of cents > 0, got '\uFF11\uFF12'", c.ask("CREDIT proto-a \uFF11\uFF12"));
            assertEquals("ERR no account proto-nobody", c.ask("TRANSFER proto-nobody proto-a 1"));
            assertEquals("OK NONE", c.ask("STATE"));
            String begun = c.ask("BEGIN");
            assertTrue(begun, begun.matches("OK BEGIN [0-9a-f]{32}"));
            String gid = begun.substring("OK BEGIN ".length());
            assertEquals("OK ACTIVE " + gid, c.ask("STATE"));
            assertThat(c.ask("BEGIN again"), startsWith("ERR a transaction is already ACTIVE"));
            assertEquals("OK 600 400", c.ask("TRANSFER proto-a proto-b 100"));
            assertEquals("OK ROLLED-BACK", c.ask("ROLLBACK"));
            assertEquals("OK ROLLED_BACK " + gid, c.ask("STATE"));
            assertEquals("ERR cannot commit: the transaction is ROLLED_BACK, not PREPARED", c.ask("COMMIT"));
            // A statement the database refuses is answered with its reason; the connection serves on.
            assertThat(c.ask("CREDIT proto-a 9223372036854775807"), startsWith("ERR database: "));
            assertEquals("OK 700", c.ask("BALANCE proto-a"));
        }
        assertEquals(700, balance("proto-a"));
        assertEquals(300, balance("proto-b"));
    }

    @Test
    public void theCoordinatorsTransferCommandCommitsOnBothLedgersOrAbortsSayingWhy() throws Exception {
        open("payer", 1000);
        // A second address for the same ledger: the coordinator sees two participants.
        try (FaultyLedgerProxy second = new FaultyLedgerProxy(config.ledgerPort(), 1, 0.0)) {
            String a = "127.0.0.1:" + config.ledgerPort();
            String b = "127.0.0.1:" + second.port();
            String log = tmp.newFolder("coordinator").toPath().resolve("decisions.log").toString();
            CoordinatorProcess.Finished done = CoordinatorProcess.run("transfer", "--log", log, "payer@" + a, "payee@" + b, "250");
            assertEquals(done.output(), 0, done.code());
            assertThat(done.output(), startsWith("COMMITTED coord."));
            assertEquals(750, balance("payer"));
            assertEquals(250, balance("payee"));

            CoordinatorProcess.Finished refused = CoordinatorProcess.run("transfer", "--log", log, "payer@" + a, "payee@" + b, "5000");
            assertEquals(refused.output(), 5, refused.code());
            assertThat(refused.output(), containsString("ABORTED coord."));
            assertThat(refused.output(), containsString("ERR insufficient funds in payer"));
            assertEquals(750, balance("payer"));
            assertEquals(250, balance("payee"));
            await("nothing left prepared").atMost(ServerProcess.DEADLINE).until(() -> prepared() == 0);
        }
    }

    private static void prepareAndHangUp(String gid, String work) throws Exception {
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN " + gid, c.ask("BEGIN " + gid));
            assertThat(c.ask(work), startsWith("OK "));
            assertEquals("OK PREPARED", c.ask("PREPARE"));
        }
    }

    private static String workerOf(String recover, String gid) {
        for (String line : recover.split("\n")) {
            String[] f = line.split(" ");
            if (f[0].equals("INDOUBT") && f[1].equals(gid)) {
                return f[4];
            }
        }
        throw new AssertionError("no INDOUBT line for " + gid + " in " + recover);
    }

    private static void open(String account, long cents) throws Exception {
        try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK " + cents, c.ask("CREDIT " + account + " " + cents));
        }
    }

    private static long balance(String account) throws SQLException {
        return TestDatabase.queryLong(db, "SELECT balance FROM ledger_accounts WHERE id = '" + account + "'");
    }

    private static long prepared() throws SQLException {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()");
    }

    /** Whether another session can update the account's row without waiting (lock_timeout 300 ms). */
    private static boolean canUpdate(String account) throws SQLException {
        try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '300ms'");
            s.executeUpdate("UPDATE ledger_accounts SET balance = balance WHERE id = '" + account + "'");
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static List<Integer> columnStarts(String line) {
        List<Integer> starts = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(line);
        while (m.find()) {
            starts.add(m.start());
        }
        return starts;
    }

    private static Cli.Result fdtserver(String... args) throws Exception {
        return Cli.run(config, args);
    }

}
