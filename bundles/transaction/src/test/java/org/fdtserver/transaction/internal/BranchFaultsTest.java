package org.fdtserver.transaction.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.transaction.Transaction;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMRules;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;

/**
 * Faults of the driver and the transaction manager under a branch, injected with Byteman into the
 * real pgjdbc and Aries (Geronimo) on a real PostgreSQL, and the one race between a unit of work
 * and a branch ended from another thread: what the client and the operator see, and that the
 * session is not lost to the pool.
 */
@RunWith(BMUnitRunner.class)
public class BranchFaultsTest {

    /** Counted down by a rule when a unit of work has found its branch and is about to ask it for the session. */
    public static final CountDownLatch UNIT_FOUND_ITS_BRANCH = new CountDownLatch(1);

    private static String url;
    private static TransactionManager tm;

    @Rule
    public LogCapture registryLog = new LogCapture(BranchRegistry.class);

    @Rule
    public LogCapture branchLog = new LogCapture(ConnectionBranch.class);

    @BeforeClass
    public static void start() throws Exception {
        url = TestPostgres.newDatabase("faults");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        tm = new AriesTransactionManagerImpl(600);
    }

    /**
     * pgjdbc 42.7.10 and later (inside the bundle's import range, [42.7,43)) answer XA_RDONLY for a
     * read-only session, after running PREPARE TRANSACTION all the same: the branch is prepared
     * in the database, so it votes YES and phase two finishes it; taking the answer for "over"
     * would leave it prepared, in doubt, holding a prepared-transaction slot.
     */
    @Test
    @BMRule(name = "pgjdbc 42.7.10+ answers XA_RDONLY for a read-only session",
            targetClass = "org.postgresql.xa.PGXAConnection", targetMethod = "prepare", targetLocation = "AT EXIT",
            condition = "$0.conn.isReadOnly()",
            action = "return javax.transaction.xa.XAResource.XA_RDONLY")
    public void aBranchTheDriverAnswersReadOnlyForIsPreparedAndPhaseTwoFinishesIt() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            Branch branch = binding.registry.branch(binding.client());
            branch.begin("reader");
            try (Connection c = binding.data.getConnection()) {
                c.setReadOnly(true);
                assertEquals(0, count(c, "reader"));
            }
            assertEquals(Vote.YES, branch.prepare());
            assertEquals(BranchState.PREPARED, branch.state());
            String gid = branch.branchId().orElseThrow();
            assertEquals("prepared in the database", 1, prepared(gid));
            branch.commit();
            assertEquals(BranchState.COMMITTED, branch.state());
            assertEquals("nothing left in doubt", 0, prepared(gid));
        }
    }

    @Test
    @BMRule(name = "the manager cannot suspend after a unit of work",
            targetClass = "org.apache.geronimo.transaction.manager.TransactionManagerImpl", targetMethod = "suspend",
            condition = "callerEquals(\"org.fdtserver.transaction.internal.BranchRegistry.afterWork\", true, true)",
            action = "throw new javax.transaction.SystemException(\"injected: cannot suspend\")")
    public void aTransactionThatCannotBeSuspendedAfterAUnitOfWorkIsReportedToTheOperator() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("unsuspended");
            Transaction attached = tm.getTransaction();
            binding.registry.afterWork(client);
            assertTrue(registryLog.lines().toString(),
                    registryLog.has("SEVERE cannot suspend the transaction of connection " + client.id()));
            assertSame("still on the thread", attached, tm.getTransaction());
            tm.suspend(); // what the next unit of work on this thread would trip over
            branch.rollback();
            assertEquals(BranchState.ROLLED_BACK, branch.state());
        }
    }

    @Test
    @BMRule(name = "the manager cannot suspend before phase one",
            targetClass = "org.apache.geronimo.transaction.manager.TransactionManagerImpl", targetMethod = "suspend",
            condition = "callerEquals(\"org.fdtserver.transaction.internal.ActiveBranch.detach\", true, true)"
                    + " && flag(\"suspend-before-prepare\")",
            action = "throw new javax.transaction.SystemException(\"injected: cannot suspend\")")
    public void aPrepareWhoseTransactionCannotBeSuspendedFailsLeavingTheBranchActive() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("no-prepare");
            insert(binding.data, "no-prepare");
            TransactionException failed = assertThrows(TransactionException.class, branch::prepare);
            assertEquals("cannot suspend the transaction: javax.transaction.SystemException: injected: cannot suspend",
                    failed.getMessage());
            assertEquals(BranchState.ACTIVE, branch.state());
            branch.rollback();
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'no-prepare'"));
        }
    }

    @Test
    @BMRule(name = "the manager fails to roll back",
            targetClass = "org.apache.geronimo.transaction.manager.TransactionImpl", targetMethod = "rollback",
            condition = "flag(\"rollback-fails\")",
            action = "throw new javax.transaction.SystemException(\"injected: cannot roll back\")")
    public void aRollbackTheManagerFailsClosesTheSessionWhichRollsTheBranchBack() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("unrolled");
            long pid = insert(binding.data, "unrolled");
            String gid = branch.branchId().orElseThrow();
            branch.rollback(); // the client hears that its branch is rolled back: the database does it
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            assertTrue(branchLog.lines().toString(), branchLog.lines().stream().anyMatch(l ->
                    l.startsWith("WARNING rollback of branch " + gid + " failed: ")
                            && l.endsWith("; closing its session, which rolls it back")));
            assertEquals("the session was closed, not pooled", 1, binding.database.pool().failures());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    TestPostgres.queryLong(url, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) == 0);
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'unrolled'"));
        }
    }

    @Test
    @BMRules(rules = {
        @BMRule(name = "the unit of work asks for its connection just after finding its branch",
                targetClass = "org.fdtserver.transaction.internal.BranchRegistry",
                targetMethod = "currentSqlConnection", targetLocation = "AT INVOKE sqlConnection",
                action = "org.fdtserver.transaction.internal.BranchFaultsTest.UNIT_FOUND_ITS_BRANCH.countDown();"
                        + " waitFor(\"branch-abandoned\", 10000)"),
        @BMRule(name = "meanwhile the branch is abandoned on another thread",
                targetClass = "org.fdtserver.transaction.internal.ConnectionBranch",
                targetMethod = "abandon", targetLocation = "AT EXIT",
                action = "signalWake(\"branch-abandoned\", true)")})
    public void aUnitOfWorkWhoseBranchEndsUnderItIsRefusedTheSession() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("raced");
            binding.registry.afterWork(client);
            Future<Connection> work = pool.submit(() -> {
                binding.registry.beforeWork(client);
                try {
                    return binding.data.getConnection();
                } finally {
                    binding.registry.afterWork(client);
                }
            });
            assertTrue(UNIT_FOUND_ITS_BRANCH.await(10, TimeUnit.SECONDS));
            binding.registry.closed(client); // the connection closes while its unit of work runs
            ExecutionException refused = assertThrows(ExecutionException.class, work::get);
            assertTrue(String.valueOf(refused.getCause()), refused.getCause() instanceof SQLException);
            assertEquals("the connection's transaction is ROLLED_BACK; no more work can join it",
                    refused.getCause().getMessage());
            assertEquals(BranchState.ROLLED_BACK, branch.state());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @BMRule(name = "the database session refuses to start the branch",
            targetClass = "org.postgresql.xa.PGXAConnection", targetMethod = "start", targetLocation = "AT ENTRY",
            condition = "flag(\"start-refused\")",
            action = "throw new javax.transaction.xa.XAException(javax.transaction.xa.XAException.XAER_RMFAIL)")
    public void aBranchTheSessionRefusesToStartFailsToBeginAndTheSessionIsClosed() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            long refusedPid;
            try (Connection c = binding.data.getConnection()) {
                refusedPid = pid(c);
            }
            Branch branch = binding.registry.branch(binding.client());
            TransactionException refused = assertThrows(TransactionException.class, () -> branch.begin("refused"));
            assertEquals("cannot begin: the database refused to start the branch", refused.getMessage());
            assertEquals(BranchState.NONE, branch.state());
            assertEquals("the session was closed, not pooled", 1, binding.database.pool().failures());
            branch.begin("accepted"); // the one permit was given back
            long pid = insert(binding.data, "accepted");
            assertNotEquals(refusedPid, pid);
            assertEquals(Vote.YES, branch.prepare());
            branch.commit();
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'accepted'"));
        }
    }

    @Test
    @BMRule(name = "no handle can be had on the borrowed session",
            targetClass = "org.postgresql.xa.PGXAConnection", targetMethod = "getConnection", targetLocation = "AT ENTRY",
            condition = "callerEquals(\"org.fdtserver.transaction.internal.BranchDataSource.getConnection\", true, true)"
                    + " && flag(\"no-handle\")",
            action = "throw new org.postgresql.util.PSQLException(\"This PooledConnection has already been closed.\","
                    + " org.postgresql.util.PSQLState.CONNECTION_DOES_NOT_EXIST)")
    public void aSessionThatGivesNoHandleIsClosedAndTheHandlerHearsWhy() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            SQLException failed = assertThrows(SQLException.class, binding.data::getConnection);
            assertEquals("This PooledConnection has already been closed.", failed.getMessage());
            assertEquals("08003", failed.getSQLState());
            assertEquals("the session was closed, not pooled", 1, binding.database.pool().failures());
            try (Connection c = binding.data.getConnection()) { // the one permit was given back
                assertNotNull(c);
                assertEquals(0, count(c, "none"));
            }
        }
    }

    @Test
    @BMRule(name = "the branch's handle does not close cleanly",
            targetClass = "org.postgresql.jdbc.PgConnection", targetMethod = "clearWarnings", targetLocation = "AT ENTRY",
            condition = "callerEquals(\"org.fdtserver.transaction.internal.PinnedSession.end\", true, true, 1, 15)",
            action = "throw new org.postgresql.util.PSQLException(\"This connection has been closed.\","
                    + " org.postgresql.util.PSQLState.CONNECTION_DOES_NOT_EXIST)")
    public void aSessionWhoseHandleDoesNotCloseCleanlyIsClosedNotPooledAndItsPreparedBranchCommits() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            Branch branch = binding.registry.branch(binding.client());
            branch.begin("unclean");
            long pid = insert(binding.data, "unclean");
            assertEquals(Vote.YES, branch.prepare());
            assertEquals("the session was closed, not pooled", 1, binding.database.pool().failures());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    TestPostgres.queryLong(url, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) == 0);
            branch.commit(); // phase two on a session of its own
            assertEquals(BranchState.COMMITTED, branch.state());
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'unclean'"));
        }
    }

    @Test
    public void aBranchBegunOnAThreadWithAnotherTransactionIsRolledBackAndTheClientHearsWhy() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            tm.begin(); // a handler that started a JTA transaction of its own on the pool thread
            Transaction own = tm.getTransaction();
            TransactionException refused = assertThrows(TransactionException.class, () -> branch.begin("late"));
            assertEquals("cannot resume the transaction of connection " + client.id()
                    + ": java.lang.IllegalStateException: Thread already associated with another transaction",
                    refused.getMessage());
            assertSame("the handler's own transaction is untouched", own, tm.getTransaction());
            tm.rollback();
            assertEquals("the branch that could not join the unit is over", BranchState.ROLLED_BACK, branch.state());
            branch.begin("late"); // the session went back to the pool (size 1)
            insert(binding.data, "late");
            assertEquals(Vote.YES, branch.prepare());
            branch.commit();
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'late'"));
            assertNull(tm.getTransaction());
        }
    }

    private static long insert(BranchDataSource data, String tag) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rows VALUES ('" + tag + "')");
            return pid(c);
        }
    }

    private static long count(Connection c, String tag) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM rows WHERE tag = '" + tag + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long prepared(String gid) throws SQLException {
        return TestPostgres.queryLong(url, "SELECT count(*) FROM pg_prepared_xacts WHERE gid = '" + gid + "'");
    }
}
