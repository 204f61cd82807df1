package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.XAConnection;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.junit.BeforeClass;
import org.junit.Test;
import org.postgresql.xa.PGXADataSource;

/**
 * Database sessions that die under the pool and under a branch, on a real PostgreSQL whose
 * backends the test terminates ({@code pg_terminate_backend}, what a restart does to each of
 * them): the pool hands out no session it could know to be dead, and checks with a round trip the
 * ones that idled long or before a failure; a branch whose session died says it was rolled back
 * and refuses the connection's work until told.
 */
public class SessionLossTest {

    private static String url;
    private static TransactionManager tm;

    @BeforeClass
    public static void start() throws Exception {
        url = TestPostgres.newDatabase("loss");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        tm = new AriesTransactionManagerImpl(600);
    }

    @Test
    public void aPooledSessionTheServerEndedIsDroppedWithoutARoundTrip() throws Exception {
        try (XaPool pool = pool(2, XaPool.VALIDATE_AFTER_IDLE_MILLIS)) {
            XAConnection first = pool.borrow();
            XAConnection second = pool.borrow();
            long pid = pid(first);
            pool.release(second);
            pool.release(first);
            terminate(pid);
            assertSame("the most recently used session first, if alive", second, pool.borrow());
            assertEquals("the ended one was dropped, a failure seen", 1, pool.failures());
            XAConnection fresh = pool.borrow();
            assertNotSame(first, fresh);
            assertNotEquals(pid, pid(fresh));
        }
    }

    @Test
    public void aSessionIdleSinceBeforeAFailureOrForLongIsCheckedWithARoundTrip() throws Exception {
        try (XaPool pool = pool(2, XaPool.VALIDATE_AFTER_IDLE_MILLIS)) {
            XAConnection kept = pool.borrow();
            XAConnection broken = pool.borrow();
            long keptPid = pid(kept);
            query(kept, "SELECT 'marker'");
            pool.release(kept);
            assertSame(kept, pool.borrow());
            assertEquals("used again at once: not checked", "SELECT 'marker'", lastQuery(keptPid));
            pool.release(kept);
            pool.discard(broken); // a failure: what went idle before it is suspect
            assertSame(kept, pool.borrow());
            assertEquals("checked: pgjdbc's empty validation query", "", lastQuery(keptPid));
            pool.release(kept);
        }
        try (XaPool eager = pool(1, 0)) {
            XAConnection s = eager.borrow();
            long pid = pid(s);
            query(s, "SELECT 'marker'");
            eager.release(s);
            assertSame(s, eager.borrow());
            assertEquals("idle longer than the limit: checked", "", lastQuery(pid));
            eager.release(s);
        }
    }

    @Test
    public void aSessionGivenBackAfterAFailureIsKeptOnlyIfItStillAnswers() throws Exception {
        try (XaPool pool = pool(1, XaPool.VALIDATE_AFTER_IDLE_MILLIS)) {
            XAConnection alive = pool.borrow();
            pool.releaseAfterFailure(alive);
            assertSame(alive, pool.borrow());
            assertEquals(0, pool.failures());
            terminate(pid(alive));
            query(alive, "SELECT 1", true);
            pool.releaseAfterFailure(alive);
            assertEquals(1, pool.failures());
            XAConnection next = pool.borrow();
            assertNotSame(alive, next);
            assertNull("all in use: no waiting", pool.tryBorrow());
            pool.release(next);
        }
    }

    @Test
    public void anActiveBranchWhoseStatementFoundItsSessionDeadSaysItWasRolledBackAndRefusesWorkUntilTold() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(2))) {
            BranchRegistry registry = binding.registry;
            BranchDataSource data = binding.data;
            FakeConnection client = binding.client();
            Branch branch = registry.branch(client);
            branch.begin("lost");
            long pid = insertAndPid(data, "lost");
            registry.afterWork(client);
            terminate(pid);

            registry.beforeWork(client);
            SQLException died = assertThrows(SQLException.class, () -> insertAndPid(data, "lost-2"));
            assertEquals("57P01", died.getSQLState());
            registry.afterWork(client);
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            assertEquals(ConnectionBranch.SESSION_LOST, branch.reason().orElseThrow());

            registry.beforeWork(client);
            SQLException refused = assertThrows(SQLException.class, data::getConnection);
            assertEquals("the connection's transaction was rolled back (its database session was lost);"
                    + " roll it back or begin a new one before more work", refused.getMessage());
            assertEquals("40000", refused.getSQLState());
            registry.afterWork(client);

            registry.beforeWork(client);
            branch.rollback(); // heard
            insertAndPid(data, "after"); // outside a branch now, on a pooled session
            registry.afterWork(client);
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'after'"));
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag LIKE 'lost%'"));
        }
    }

    @Test
    public void anIdleActiveBranchIsCheckedOnceThePoolHasSeenAFailure() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(3))) {
            BranchRegistry registry = binding.registry;
            BranchDataSource data = binding.data;
            FakeConnection client = binding.client();
            Branch branch = registry.branch(client);
            branch.begin("restart");
            long pinned = insertAndPid(data, "restart");
            registry.afterWork(client);
            long pooled;
            try (Connection c = data.getConnection()) {
                pooled = pid(c);
            }
            // A restart ends every session; the pool notices on the next borrow.
            terminate(pinned);
            terminate(pooled);
            try (Connection c = data.getConnection()) {
                assertNotEquals(pooled, pid(c));
            }
            registry.beforeWork(client);
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            assertEquals("its database session was lost", branch.reason().orElseThrow());
            registry.afterWork(client);
            registry.beforeWork(client);
            branch.begin("restart-2"); // a new branch acknowledges too
            insertAndPid(data, "restart-2");
            assertEquals(Vote.YES, branch.prepare());
            branch.commit();
            registry.afterWork(client);
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag LIKE 'restart%'"));
        }
    }

    @Test
    public void aBranchWhoseSessionDiedBeforePrepareVotesNo() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            BranchRegistry registry = binding.registry;
            BranchDataSource data = binding.data;
            FakeConnection client = binding.client();
            Branch branch = registry.branch(client);
            branch.begin("dead-prepare");
            terminate(insertAndPid(data, "dead-prepare"));
            assertEquals(Vote.NO, branch.prepare());
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            registry.afterWork(client);
            branch.begin("next"); // the dead session was not given back
            insertAndPid(data, "next");
            branch.rollback();
        }
    }

    @Test
    public void aBranchPreparedInTheUnitWhoseStatementFoundItsSessionDeadVotesNo() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            BranchRegistry registry = binding.registry;
            BranchDataSource data = binding.data;
            FakeConnection client = binding.client();
            Branch branch = registry.branch(client);
            branch.begin("dead-in-unit");
            terminate(insertAndPid(data, "dead-in-unit"));
            SQLException died = assertThrows(SQLException.class, () -> insertAndPid(data, "dead-in-unit-2"));
            assertEquals("57P01", died.getSQLState()); // pgjdbc has closed the session
            assertEquals(Vote.NO, branch.prepare()); // in the same unit of work, before its end notices
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            registry.afterWork(client);
            branch.begin("after-dead-in-unit"); // the dead session was not given back
            insertAndPid(data, "after-dead-in-unit");
            branch.rollback();
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag LIKE '%dead-in-unit%'"));
        }
    }

    @Test
    public void aPhaseTwoOnASessionCutWithoutWordFailsLeavingTheBranchPreparedAndARetryCommitsIt() throws Exception {
        int port = java.net.URI.create(url.substring("jdbc:".length())).getPort();
        try (CuttingProxy proxy = new CuttingProxy(port)) {
            String viaProxy = url.replace(":" + port + "/", ":" + proxy.port() + "/");
            try (TestBinding binding = new TestBinding(tm, TestPostgres.config(viaProxy).poolSize(1))) {
                BranchRegistry registry = binding.registry;
                BranchDataSource data = binding.data;
                FakeConnection client = binding.client();
                Branch branch = registry.branch(client);
                branch.begin("cut");
                insertAndPid(data, "cut");
                assertEquals(Vote.YES, branch.prepare());
                registry.afterWork(client);
                // The idle session's socket just ends: no FATAL message to read, so the pool cannot
                // know without a round trip, and a session used this recently gets none.
                proxy.cutAll();
                TransactionException failed = assertThrows(TransactionException.class, branch::commit);
                assertTrue(failed.getMessage(), failed.getMessage().startsWith("cannot commit the prepared branch: "));
                // pgjdbc reports the lost socket as 08006, or as 08003 once it has closed the session.
                assertTrue(failed.getMessage(), failed.getMessage().matches(".*\\(SQL state 0800[36]\\); it stays prepared"));
                assertEquals(BranchState.PREPARED, branch.state());
                branch.commit(); // the failure was seen: a new session
                assertEquals(BranchState.COMMITTED, branch.state());
                assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'cut'"));
            }
        }
    }

    @Test
    public void aPooledSessionThatDiesInTheHandlersOwnTransactionIsClosedOnGiveBackAndNothingIsKept() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            BranchDataSource data = binding.data;
            long pid;
            Connection c = data.getConnection(); // no branch: a pooled session, in a transaction of the handler's own
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rows VALUES ('own-uncommitted')");
                pid = pid(c);
            }
            terminate(pid);
            c.close(); // the rollback of what it did not commit finds the session gone: the handler hears nothing
            assertEquals("closed, not pooled", 1, binding.database.pool().failures());
            try (Connection next = data.getConnection()) { // the one permit was given back
                assertNotEquals(pid, pid(next));
            }
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'own-uncommitted'"));
        }
    }

    private static XaPool pool(int size, long validateAfterIdleMillis) {
        PGXADataSource source = new PGXADataSource();
        source.setUrl(url);
        source.setUser("postgres");
        return new XaPool(source, url, size, 50, "SELECT 1", validateAfterIdleMillis);
    }

    private static long insertAndPid(BranchDataSource data, String tag) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rows VALUES ('" + tag + "')");
            return pid(c);
        }
    }

    private static long pid(XAConnection session) throws SQLException {
        try (Connection c = session.getConnection()) {
            return pid(c);
        }
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void query(XAConnection session, String sql) throws SQLException {
        query(session, sql, false);
    }

    private static void query(XAConnection session, String sql, boolean fails) throws SQLException {
        try (Connection c = session.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            assertTrue("expected to fail: " + sql, !fails);
        } catch (SQLException e) {
            if (!fails) {
                throw e;
            }
        }
    }

    /** Ends a backend as a restart does, and waits until it is gone. */
    private static void terminate(long pid) throws SQLException {
        TestPostgres.queryLong(url, "SELECT count(*) FROM (SELECT pg_terminate_backend(" + pid + ", 5000)) t");
    }

    /** @return the last statement the backend ran, as another session sees it */
    private static String lastQuery(long pid) throws SQLException {
        try (Connection c = TestPostgres.connect(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT query FROM pg_stat_activity WHERE pid = " + pid)) {
            r.next();
            return r.getString(1);
        }
    }
}
