package org.fdtserver.transaction.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import javax.sql.XAConnection;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.postgresql.xa.PGXADataSource;

/**
 * The services around the branches, on a real PostgreSQL: the fdt:indoubt/commit/rollback shell
 * commands' output, the in-doubt warning, the transaction timeout, what a stopping worker does
 * with open branches, the pooled DataSource outside a branch, and the configuration errors an
 * operator sees.
 */
public class TransactionServicesTest {

    private static String url;
    private static TransactionManager tm;
    private static Database database;
    private static BranchRegistry registry;
    private static BranchDataSource data;
    private static InDoubtResolver inDoubt;
    private static TransactionCommands commands;

    @BeforeClass
    public static void start() throws Exception {
        url = TestPostgres.newDatabase("services");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        tm = new AriesTransactionManagerImpl(600);
        database = new Database(TestPostgres.config(url));
        registry = new BranchRegistry(tm, database);
        data = new BranchDataSource(registry, database);
        inDoubt = new InDoubtResolver(database);
        commands = new TransactionCommands(inDoubt);
    }

    @AfterClass
    public static void stop() {
        inDoubt.deactivate();
        registry.deactivate();
        database.deactivate();
    }

    @Test
    public void theShellCommandsListCommitAndRollBackPreparedBranchesByGlobalOrBranchId() throws Exception {
        String committed = prepareOne("cmd-commit");
        String rolledBack = prepareOne("cmd-rollback");
        String listing = commands.indoubt();
        String[] lines = listing.split("\n");
        assertTrue(lines[0], lines[0].startsWith("GLOBAL-ID  "));
        String line = List.of(lines).stream().filter(l -> l.startsWith("cmd-commit ")).findFirst().orElseThrow(() ->
                new AssertionError("no line for cmd-commit in\n" + listing));
        String dbName = url.substring(url.lastIndexOf('/') + 1);
        assertTrue(line, line.matches("cmd-commit +3\\.1 +" + dbName + " +\\d+ +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d +"
                + java.util.regex.Pattern.quote(committed)));

        assertEquals("committed 1 prepared branch(es) of " + committed, commands.commit(committed));
        assertEquals("rolled back 1 prepared branch(es) of cmd-rollback", commands.rollback("cmd-rollback"));
        assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'cmd-commit'"));
        assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'cmd-rollback'"));
        String after = commands.indoubt();
        assertFalse(after, after.contains(committed) || after.contains(rolledBack));
    }

    @Test
    public void resolvingAnIdThatIsNotPreparedNamesTheIdButNotWhereTheDatabaseIs() {
        TransactionException e = assertThrows(TransactionException.class, () -> commands.commit("no-such-gid"));
        assertEquals("no prepared transaction 'no-such-gid'", e.getMessage());
        TransactionException r = assertThrows(TransactionException.class, () -> commands.rollback("no-such-gid"));
        assertEquals("no prepared transaction 'no-such-gid'", r.getMessage());
    }

    @Test
    public void aResolutionThatLosesARaceAnswersWithPostgresqlsCauseAndSqlState() throws Exception {
        String branchId = prepareOne("race");
        BranchIds.Parsed listed = BranchIds.parse(branchId).orElseThrow();
        assertEquals(1, inDoubt.rollback("race")); // the winner, e.g. another worker's ROLLBACK-PREPARED
        TransactionException lost = assertThrows(TransactionException.class, () -> inDoubt.resolveOne(listed, true));
        assertEquals("cannot commit " + branchId + ": ERROR: prepared transaction with identifier \"" + branchId
                + "\" does not exist (SQL state 42704)", lost.getMessage());
        TransactionException rollback = assertThrows(TransactionException.class, () -> inDoubt.resolveOne(listed, false));
        assertTrue(rollback.getMessage(), rollback.getMessage().startsWith("cannot roll back " + branchId + ": ERROR: "));
        assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'race'"));
    }

    @Test
    public void workerZeroWarnsAboutBranchesInDoubtForLongerThanTheConfiguredAge() throws Exception {
        String branchId = prepareOne("old-one");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(InDoubtResolver.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        InDoubtResolver watcher = new InDoubtResolver(database); // worker 3.1: not the one that warns
        Database zero = new Database(TestPostgres.config(url).poolSize(1).inDoubtWarning(1, "5.0"));
        InDoubtResolver warner = new InDoubtResolver(zero);
        try {
            await().atMost(10, SECONDS).until(() -> warnings.stream().anyMatch(w -> w.contains(branchId)));
            String warning = warnings.stream().filter(w -> w.contains(branchId)).findFirst().orElseThrow();
            assertTrue(warning, warning.contains("of old-one (worker 3.1) has been in doubt for"));
            assertTrue(warning, warning.contains("(fdtserver tx commit|rollback)"));
        } finally {
            warner.deactivate();
            watcher.deactivate();
            zero.deactivate();
            log.removeHandler(capture);
            inDoubt.rollback(branchId);
        }
    }

    @Test
    public void workerZeroWarnsWhenItCannotReachTheDatabaseToCheckForOldBranches() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(InDoubtResolver.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        int port = java.net.URI.create(url.substring("jdbc:".length())).getPort();
        CuttingProxy proxy = new CuttingProxy(port);
        Database zero = new Database(TestPostgres.config(url.replace(":" + port + "/", ":" + proxy.port() + "/"))
                .poolSize(1).inDoubtWarning(1, "5.0"));
        InDoubtResolver warner = new InDoubtResolver(zero);
        try {
            proxy.close(); // the database is gone for this worker: no new session, the old ones cut
            await().atMost(10, SECONDS).until(() -> warnings.stream()
                    .anyMatch(w -> w.startsWith("cannot check for old prepared transactions: cannot list prepared transactions: ")));
        } finally {
            warner.deactivate();
            zero.deactivate();
            log.removeHandler(capture);
        }
    }

    @Test
    public void aBranchActiveForLongerThanTheTimeoutClosesItsConnectionWhichRollsItBack() throws Exception {
        try (TestBinding quick = new TestBinding(tm, TestPostgres.config(url).poolSize(1).timeoutMillis(200))) {
            BranchRegistry timed = quick.registry;
            BranchDataSource timedData = quick.data;
            FakeConnection client = quick.client();
            Branch branch = timed.branch(client);
            branch.begin("slowpoke");
            try (Connection c = timedData.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rows VALUES ('slowpoke')");
            }
            timed.afterWork(client);
            await().atMost(5, SECONDS).until(() -> client.closedBecause() != null);
            assertEquals("transaction timeout: ACTIVE for more than 200 ms", client.closedBecause());
            timed.closed(client); // what the server does when the connection has closed
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'slowpoke'"));
        }
    }

    @Test
    public void onlyAnActiveBranchOlderThanTheTimeoutIsDueForClosing() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            ConnectionBranch branch = (ConnectionBranch) binding.registry.branch(client);
            branch.begin("young");
            binding.registry.afterWork(client);
            assertEquals("younger than a minute", false, branch.isActiveLongerThan(60_000));
            await().atMost(5, SECONDS).until(() -> branch.isActiveLongerThan(0));
            branch.rollback();
            assertEquals("no longer ACTIVE", false, branch.isActiveLongerThan(0));
        }
    }

    @Test
    public void theTimeoutClosesAnActiveBranchButLeavesAnOlderPreparedOneInDoubt() throws Exception {
        try (TestBinding quick = new TestBinding(tm, TestPostgres.config(url).poolSize(2).timeoutMillis(200))) {
            FakeConnection preparing = quick.client();
            Branch prepared = quick.registry.branch(preparing);
            prepared.begin("decided-later");
            try (Connection c = quick.data.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rows VALUES ('decided-later')");
            }
            assertEquals(Vote.YES, prepared.prepare());
            quick.registry.afterWork(preparing);
            FakeConnection slow = quick.client();
            Branch active = quick.registry.branch(slow);
            active.begin("slow");
            quick.registry.afterWork(slow);
            await().atMost(5, SECONDS).until(() -> slow.closedBecause() != null);
            assertEquals("transaction timeout: ACTIVE for more than 200 ms", slow.closedBecause());
            assertEquals("a prepared branch waits for its decision", null, preparing.closedBecause());
            assertEquals(BranchState.PREPARED, prepared.state());
            prepared.commit();
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'decided-later'"));
            quick.registry.closed(slow);
        }
    }

    @Test
    public void aStoppingWorkerRollsBackActiveBranchesAndLeavesPreparedOnesInDoubt() throws Exception {
        Database own = new Database(TestPostgres.config(url).poolSize(2));
        BranchRegistry stopping = new BranchRegistry(tm, own);
        BranchDataSource ownData = new BranchDataSource(stopping, own);
        FakeConnection active = new FakeConnection("ledger");
        FakeConnection prepared = new FakeConnection("ledger");
        Branch activeBranch = stopping.branch(active);
        activeBranch.begin("stop-active");
        insert(ownData, "stop-active");
        stopping.afterWork(active);
        Branch preparedBranch = stopping.branch(prepared);
        preparedBranch.begin("stop-prepared");
        insert(ownData, "stop-prepared");
        assertEquals(Vote.YES, preparedBranch.prepare());
        stopping.afterWork(prepared);

        stopping.deactivate();
        own.deactivate();
        assertEquals(BranchState.ROLLED_BACK, activeBranch.state());
        assertEquals(BranchState.PREPARED, preparedBranch.state());
        assertTrue(inDoubt.list().stream().anyMatch(b -> b.globalId().equals("stop-prepared")));
        assertTrue(inDoubt.list().stream().noneMatch(b -> b.globalId().equals("stop-active")));
        assertEquals(1, inDoubt.commit("stop-prepared"));
        assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'stop-prepared'"));
        assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'stop-active'"));
    }

    @Test
    public void outsideABranchWhatTheCallerDidNotCommitIsNotKeptWhenTheConnectionIsClosed() throws Exception {
        Connection c = data.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rows VALUES ('uncommitted')");
        }
        c.close();
        assertTrue(c.isClosed());
        c.close(); // a second close is harmless
        assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'uncommitted'"));
        try (Connection next = data.getConnection(); Statement s = next.createStatement()) {
            assertTrue("the pooled session is back in auto-commit mode", next.getAutoCommit());
            s.executeUpdate("INSERT INTO rows VALUES ('autocommitted')");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO no_such_table VALUES (1)"));
            assertEquals("42P01", e.getSQLState());
            SQLException savepoint = assertThrows(SQLException.class, next::setSavepoint);
            assertTrue(savepoint.getMessage(), savepoint.getMessage().contains("auto-commit"));
        }
        assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'autocommitted'"));
    }

    @Test
    public void theDataSourceRefusesOtherCredentialsAndUnwrapsOnlyToItself() throws Exception {
        SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
                () -> data.getConnection("someone", "secret"));
        assertEquals("the fdtserver DataSource uses the configured database.user", e.getMessage());
        assertSame(data, data.unwrap(DataSource.class));
        assertTrue(data.isWrapperFor(DataSource.class));
        assertFalse(data.isWrapperFor(PGXADataSource.class));
        SQLException u = assertThrows(SQLException.class, () -> data.unwrap(PGXADataSource.class));
        assertEquals("not a wrapper for org.postgresql.xa.PGXADataSource", u.getMessage());
        assertThrows(SQLFeatureNotSupportedException.class, data::getParentLogger);
        data.setLoginTimeout(5);
        assertEquals(0, data.getLoginTimeout());
        data.setLogWriter(null);
        assertEquals(null, data.getLogWriter());
    }

    @Test
    public void aFullPoolMakesTheNextBorrowerWaitThenFailNamingTheSetting() throws Exception {
        PGXADataSource source = new PGXADataSource();
        source.setUrl(url);
        source.setUser("postgres");
        XaPool pool = new XaPool(source, url, 1, 50, "SELECT 1", XaPool.VALIDATE_AFTER_IDLE_MILLIS);
        XAConnection only = pool.borrow();
        SQLException full = assertThrows(SQLException.class, pool::borrow);
        assertEquals("all 1 database connections of this worker are in use (database.pool_size)", full.getMessage());
        pool.release(only);
        assertSame("the idle connection is reused", only, pool.borrow());
        pool.release(only);
        XAConnection held = pool.borrow();
        pool.close();
        SQLException closed = assertThrows(SQLException.class, pool::borrow);
        assertEquals("the database connection pool of this worker is closed", closed.getMessage());
        pool.release(held); // given back after close: closed, not kept
        assertThrows(SQLException.class, held::getConnection);
    }

    @Test
    public void aSessionSetupTheDatabaseRefusesFailsTheBorrowAndFreesThePermit() throws Exception {
        PGXADataSource source = new PGXADataSource();
        source.setUrl(url);
        source.setUser("postgres");
        XaPool pool = new XaPool(source, url, 1, 50, "SET no_such_setting = 1", XaPool.VALIDATE_AFTER_IDLE_MILLIS);
        SQLException e = assertThrows(SQLException.class, pool::borrow);
        assertTrue(e.getMessage(), e.getMessage().contains("no_such_setting"));
        SQLException again = assertThrows(SQLException.class, pool::borrow);
        assertTrue("not 'all in use': the failed borrow gave its permit back", again.getMessage().contains("no_such_setting"));
        pool.close();
    }

    @Test
    public void configurationErrorsNameTheKeyOrTheDatabase() {
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
                () -> new Database(TestPostgres.config(" ")));
        assertEquals("org.fdtserver.transaction: database.url is required", noUrl.getMessage());
        IllegalArgumentException noPool = assertThrows(IllegalArgumentException.class,
                () -> new Database(TestPostgres.config(url).poolSize(0)));
        assertEquals("database.pool_size must be > 0, was 0", noPool.getMessage());
        // The worker's log names the address (pgjdbc's "Connection to 127.0.0.1:1 refused"); the exception does not.
        SQLException unreachable = assertThrows(SQLException.class,
                () -> new Database(TestPostgres.config("jdbc:postgresql://127.0.0.1:1/nowhere")));
        assertEquals("database unavailable", unreachable.getMessage());
        assertEquals("08001", unreachable.getSQLState());
    }

    @Test
    public void aTransactionManagerThatCannotImportBranchesIsRefusedNamingWhatToInstall() {
        TransactionManager plain = (TransactionManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionManager.class}, (proxy, method, args) -> null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BranchRegistry(plain, database));
        assertTrue(e.getMessage(), e.getMessage().endsWith("cannot import transactions (not Geronimo's TransactionManagerImpl);"
                + " install Apache Aries Transaction"));
    }

    /** @return the branch id of a prepared branch with one row tagged like its global id */
    private static String prepareOne(String globalId) throws SQLException {
        FakeConnection client = new FakeConnection("ledger");
        Branch branch = registry.branch(client);
        branch.begin(globalId);
        insert(data, globalId);
        assertEquals(Vote.YES, branch.prepare());
        registry.afterWork(client);
        registry.closed(client);
        assertNotNull(branch.branchId().orElse(null));
        return branch.branchId().orElseThrow();
    }

    private static void insert(DataSource source, String tag) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rows VALUES ('" + tag + "')");
        }
    }
}
