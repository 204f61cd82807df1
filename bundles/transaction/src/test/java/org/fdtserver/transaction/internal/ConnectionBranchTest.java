package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A connection's branch with the real Aries transaction manager and a real PostgreSQL, outside
 * OSGi: the votes a client sees (YES, NO), phase two on the branch's own connection,
 * phase two after someone else resolved it, and the refusals that name the state.
 */
public class ConnectionBranchTest {

    private static String url;
    private static TransactionManager tm;
    private static Database database;
    private static BranchRegistry registry;
    private static BranchDataSource data;
    private static InDoubtResolver inDoubt;

    private final FakeConnection client = new FakeConnection("ledger");

    @BeforeClass
    public static void start() throws Exception {
        url = TestPostgres.newDatabase("branch");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        // Two rows with the same k fail only when the transaction ends: PREPARE or COMMIT.
        TestPostgres.execute(url, "CREATE TABLE once (k int UNIQUE DEFERRABLE INITIALLY DEFERRED)");
        tm = new AriesTransactionManagerImpl(600);
        database = new Database(TestPostgres.config(url));
        registry = new BranchRegistry(tm, database);
        data = new BranchDataSource(registry, database);
        inDoubt = new InDoubtResolver(database);
    }

    @AfterClass
    public static void stop() {
        inDoubt.deactivate();
        registry.deactivate();
        database.deactivate();
    }

    @After
    public void endUnitOfWork() throws Exception {
        registry.afterWork(client);
        registry.closed(client);
        assertNull("no transaction left on the thread", tm.getTransaction());
    }

    @Test
    public void beginWithoutAnIdMakesAFreshOneAndASecondBeginIsRefused() throws Exception {
        Branch branch = registry.branch(client);
        String id = branch.begin();
        assertTrue(id, id.matches("[0-9a-f]{32}"));
        assertEquals(id, branch.globalId().orElseThrow());
        BranchIds.Parsed branchId = BranchIds.parse(branch.branchId().orElseThrow()).orElseThrow();
        assertEquals(id, branchId.globalId());
        assertEquals("3.1", branchId.worker());
        TransactionException e = assertThrows(TransactionException.class, () -> branch.begin("again"));
        assertEquals("a transaction is already ACTIVE on this connection", e.getMessage());
        assertEquals("the first branch is untouched", id, branch.globalId().orElseThrow());
        branch.rollback();
        assertEquals(BranchState.ROLLED_BACK, branch.state());
    }

    @Test
    public void phaseTwoWithoutAPreparedBranchIsRefusedNamingTheState() {
        Branch branch = registry.branch(client);
        TransactionException commit = assertThrows(TransactionException.class, branch::commit);
        assertEquals("cannot commit: the transaction is NONE, not PREPARED", commit.getMessage());
        TransactionException rollback = assertThrows(TransactionException.class, branch::rollback);
        assertEquals("cannot roll back: the transaction is NONE, not PREPARED", rollback.getMessage());
        TransactionException prepare = assertThrows(TransactionException.class, branch::prepare);
        assertEquals("cannot prepare: the transaction is NONE, not ACTIVE", prepare.getMessage());
    }

    @Test
    public void aBranchThatOnlyReadIsPreparedLikeAnyOtherAndCommittedOnItsConnection() throws Exception {
        // pgjdbc always runs PREPARE TRANSACTION, so the vote is YES (see BranchFaultsTest for its XA_RDONLY).
        Branch branch = registry.branch(client);
        branch.begin("reader");
        assertEquals(0, count("nothing-here"));
        assertEquals(Vote.YES, branch.prepare());
        assertTrue(inDoubt.list().stream().anyMatch(b -> b.globalId().equals("reader")));
        branch.commit();
        assertEquals(BranchState.COMMITTED, branch.state());
        assertTrue(inDoubt.list().stream().noneMatch(b -> b.globalId().equals("reader")));
        branch.begin("reader-2"); // the connection is free for the next one
        branch.rollback();
    }

    @Test
    public void aBranchThatCannotCommitVotesNoAndIsRolledBack() throws Exception {
        Branch branch = registry.branch(client);
        branch.begin("dup-prepare");
        insert("dup-prepare");
        update("INSERT INTO once VALUES (1), (1)");
        assertEquals(Vote.NO, branch.prepare());
        assertEquals(BranchState.ROLLED_BACK, branch.state());
        registry.afterWork(client);
        assertEquals("nothing of the branch is kept", 0, count("dup-prepare"));
        assertTrue(inDoubt.list().stream().noneMatch(b -> b.globalId().equals("dup-prepare")));
    }

    @Test
    public void aOnePhaseCommitThatFailsRollsBackAndSaysWhy() throws Exception {
        Branch branch = registry.branch(client);
        branch.begin("dup-commit");
        insert("dup-commit");
        update("INSERT INTO once VALUES (2), (2)");
        TransactionException e = assertThrows(TransactionException.class, branch::commit);
        assertEquals("commit failed and the transaction was rolled back: ERROR: duplicate key value violates unique"
                + " constraint \"once_k_key\" (SQL state 23505)", e.getMessage());
        assertEquals(BranchState.ROLLED_BACK, branch.state());
        registry.afterWork(client);
        assertEquals(0, count("dup-commit"));
    }

    @Test
    public void aFailingStatementInsideTheBranchReachesTheHandlerAsItsSqlException() throws Exception {
        Branch branch = registry.branch(client);
        branch.begin("bad-sql");
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
            assertEquals("undefined_table", "42P01", e.getSQLState());
            SQLException iso = assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
            assertTrue(iso.getMessage(), iso.getMessage().contains("in the middle of a transaction"));
            assertFalse("closing the handle leaves the branch's session open", c.isClosed());
        }
        branch.rollback();
        assertEquals(BranchState.ROLLED_BACK, branch.state());
    }

    @Test
    public void aPreparedBranchRolledBackOnItsOwnConnectionKeepsNothing() throws Exception {
        Branch branch = registry.branch(client);
        branch.begin("prep-rb");
        insert("prep-rb");
        assertEquals(Vote.YES, branch.prepare());
        assertTrue(inDoubt.list().stream().anyMatch(b -> b.globalId().equals("prep-rb") && b.worker().equals("3.1")));
        branch.rollback();
        assertEquals(BranchState.ROLLED_BACK, branch.state());
        assertEquals(0, count("prep-rb"));
        assertTrue(inDoubt.list().stream().noneMatch(b -> b.globalId().equals("prep-rb")));
    }

    @Test
    public void phaseTwoAfterTheBranchWasResolvedElsewhereEndsItWithTheOutcomeThatHappened() throws Exception {
        Branch branch = registry.branch(client);
        branch.begin("elsewhere");
        insert("elsewhere");
        assertEquals(Vote.YES, branch.prepare());
        assertEquals(1, inDoubt.commit("elsewhere")); // an operator's fdt:commit on another connection
        TransactionException e = assertThrows(TransactionException.class, branch::commit);
        assertEquals("cannot commit: the branch is no longer prepared: it was committed elsewhere", e.getMessage());
        assertEquals(BranchState.COMMITTED, branch.state());
        assertEquals("committed elsewhere", branch.reason().orElseThrow());
        assertEquals(1, count("elsewhere"));

        branch.begin("elsewhere-2");
        assertTrue("a new branch has no reason", branch.reason().isEmpty());
        insert("elsewhere-2");
        assertEquals(Vote.YES, branch.prepare());
        assertEquals(1, inDoubt.rollback("elsewhere-2"));
        TransactionException r = assertThrows(TransactionException.class, branch::rollback);
        assertEquals("cannot roll back: the branch is no longer prepared: it was rolled back elsewhere", r.getMessage());
        assertEquals(BranchState.ROLLED_BACK, branch.state());
        assertEquals(0, count("elsewhere-2"));
    }

    @Test
    public void aCommitAfterARollbackElsewhereSaysItWasRolledBackAndSoDoesTheState() throws Exception {
        Branch branch = registry.branch(client);
        branch.begin("crossed");
        insert("crossed");
        assertEquals(Vote.YES, branch.prepare());
        assertEquals(1, inDoubt.rollback("crossed"));
        TransactionException e = assertThrows(TransactionException.class, branch::commit);
        assertEquals("cannot commit: the branch is no longer prepared: it was rolled back elsewhere", e.getMessage());
        assertEquals(BranchState.ROLLED_BACK, branch.state());
        assertEquals("rolled back elsewhere", branch.reason().orElseThrow());
        TransactionException again = assertThrows(TransactionException.class, branch::commit);
        assertEquals("cannot commit: the transaction is ROLLED_BACK (rolled back elsewhere), not PREPARED", again.getMessage());
        assertEquals(0, count("crossed"));

        branch.begin("crossed-2");
        insert("crossed-2");
        assertEquals(Vote.YES, branch.prepare());
        assertEquals(1, inDoubt.commit("crossed-2"));
        TransactionException r = assertThrows(TransactionException.class, branch::rollback);
        assertEquals("cannot roll back: the branch is no longer prepared: it was committed elsewhere", r.getMessage());
        assertEquals(BranchState.COMMITTED, branch.state());
        assertEquals(1, count("crossed-2"));
    }

    @Test
    public void anOutcomeThatPostgresqlCannotTellLeavesTheBranchPrepared() {
        assertEquals(BranchState.COMMITTED, PhaseTwo.outcomeOf("committed"));
        assertEquals(BranchState.ROLLED_BACK, PhaseTwo.outcomeOf("aborted"));
        TransactionException busy = assertThrows(TransactionException.class, () -> PhaseTwo.outcomeOf("in progress"));
        assertEquals("the branch is no longer prepared and its outcome is not known (txid_status: in progress);"
                + " it stays PREPARED here", busy.getMessage());
        assertThrows(TransactionException.class, () -> PhaseTwo.outcomeOf(null));
    }

    @Test
    public void aPreparedBranchGivesItsSessionBackAndPhaseTwoNeverWaitsBehindApplicationWork() throws Exception {
        try (TestBinding one = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            BranchRegistry oneRegistry = one.registry;
            BranchDataSource oneData = one.data;
            FakeConnection other = one.client();
            Branch prepared = oneRegistry.branch(client);
            prepared.begin("gives-back");
            insert(oneData, "gives-back");
            assertEquals(Vote.YES, prepared.prepare());
            oneRegistry.afterWork(client);
            // The one application session is free again: another branch takes it without waiting.
            Branch active = oneRegistry.branch(other);
            active.begin("holds-it");
            insert(oneData, "holds-it");
            oneRegistry.afterWork(other);
            // Phase two of the prepared branch and the listing run on the reserved session.
            assertTrue(new InDoubtResolver(one.database).list().stream().anyMatch(b -> b.globalId().equals("gives-back")));
            prepared.commit();
            assertEquals(BranchState.COMMITTED, prepared.state());
            assertEquals(1, count("gives-back"));
            active.rollback();
        }
        assertEquals(0, count("holds-it"));
    }

    @Test
    public void anActiveBranchWhoseSessionDiedIsStillRolledBackWhenItsConnectionCloses() throws Exception {
        // Its own pool: the dead session must not reach the other tests (see KnownDefectsTest).
        try (TestBinding own = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            BranchRegistry ownRegistry = own.registry;
            BranchDataSource ownData = own.data;
            Branch branch = ownRegistry.branch(client);
            branch.begin("killed");
            long pid;
            try (Connection c = ownData.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rows VALUES ('killed')");
                ResultSet r = s.executeQuery("SELECT pg_backend_pid()");
                r.next();
                pid = r.getLong(1);
            }
            ownRegistry.afterWork(client);
            TestPostgres.queryLong(url, "SELECT count(*) FROM (SELECT pg_terminate_backend(" + pid + ")) t");
            ownRegistry.closed(client);
            assertEquals(BranchState.ROLLED_BACK, branch.state());
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'killed'"));
            assertTrue(inDoubt.list().stream().noneMatch(b -> b.globalId().equals("killed")));
        }
    }

    @Test
    public void anIllegalMoveIsRefusedNamingTheBranchAndTheMove() {
        ConnectionBranch branch = (ConnectionBranch) registry.branch(client);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> branch.moveTo(BranchState.COMMITTED, "voted yes"));
        assertEquals("branch of null on connection " + client.id() + " cannot move from NONE to COMMITTED: voted yes",
                e.getMessage());
        assertEquals(BranchState.NONE, branch.state());
    }

    @Test
    public void aPreparedBranchTakesNoMoreWorkAndNothingRunsOutsideItMeanwhile() throws Exception {
        Branch branch = registry.branch(client);
        registry.beforeWork(client); // as each later unit of work of this connection does
        branch.begin("prepared-then-more");
        insert("in-branch");
        assertEquals(Vote.YES, branch.prepare());
        // Until phase two, SQL on this connection would run on a pooled session with autocommit,
        // outside the prepared transaction: refused, naming the state.
        SQLException refused = assertThrows(SQLException.class, () -> insert("after-prepare"));
        assertEquals("the connection's transaction is PREPARED; commit or roll it back before more work",
                refused.getMessage());
        assertEquals("25000", refused.getSQLState());
        branch.rollback();
        insert("after-phase-two"); // outside a branch again: each statement commits on its own
        assertEquals(0, count("in-branch"));
        assertEquals(0, count("after-prepare"));
        assertEquals(1, count("after-phase-two"));
    }

    private static void insert(String tag) throws SQLException {
        update("INSERT INTO rows VALUES ('" + tag + "')");
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static void insert(BranchDataSource source, String tag) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rows VALUES ('" + tag + "')");
        }
    }

    private static long count(String tag) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM rows WHERE tag = '" + tag + "'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
