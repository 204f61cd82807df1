package org.fdtserver.transaction.internal;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.XAConnection;
import javax.transaction.SystemException;
import javax.transaction.Transaction;
import javax.transaction.TransactionManager;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.geronimo.transaction.manager.XidImporter;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's branch: the transaction imported into the Aries manager, the one
 * physical connection pinned to it from begin to PREPARE (PostgreSQL supports neither suspend nor
 * interleaving, and must prepare on the session that did the work; a prepared transaction is
 * detached from its session, so the session goes back to the pool then), and its state, moved
 * only in {@link #moveTo}. Methods are synchronized: the connection's own units of work call them
 * one at a time, but a closing bundle may abandon the branch from another thread.
 *
 * <p>Phase two runs at the resource, not through the manager (Aries 1.3.3 throws on rolling back
 * a prepared imported branch and has already dropped it by then), on a resolution session. When
 * the branch is no longer prepared there (someone resolved it from another connection), its
 * transaction id, read before PREPARE, tells which way it went.
 *
 * <p>A branch whose session died while ACTIVE has been rolled back by the database: the branch
 * notices before the connection's next unit of work (a failed statement closes the session; a
 * session idle for long or since the pool saw a failure is checked), says so in its state and
 * {@link #reason()}, and refuses the connection's work until it is rolled back or a new branch
 * begins, so that work meant for the branch never commits on its own.
 */
final class ConnectionBranch implements Branch {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBranch.class);
    /** The {@link #reason()} of an ACTIVE branch whose session died. */
    static final String SESSION_LOST = "its database session was lost";

    private final org.fdtserver.api.Connection client;
    private final TransactionManager tm;
    private final XidImporter importer;
    private final Database database;
    private final BranchIds ids;
    private final BranchRegistry registry;
    private BranchState state = BranchState.NONE;
    private String globalId;
    private Transaction tx;
    private XAConnection pinned;
    private Connection sql;
    /** What the DataSource hands out inside the branch: {@link #sql} with close ignored. */
    private Connection handlerView;
    private Xid branchXid;
    /** The database's id of the transaction ({@code txid_current()}), read before PREPARE. */
    private long txid;
    private long beganNanos;
    /** When the last unit of work on the pinned session ended, and the pool's failure count it had seen before. */
    private long lastUsedNanos;
    private long poolFailuresSeen;
    /** Why the branch ended when this connection did not end it itself, or null. */
    private String reason;
    /** Whether the connection's work is refused: its ACTIVE branch ended without the connection asking. */
    private boolean refusesWork;

    ConnectionBranch(org.fdtserver.api.Connection client, TransactionManager tm, XidImporter importer, Database database,
            BranchIds ids, BranchRegistry registry) {
        this.client = client;
        this.tm = tm;
        this.importer = importer;
        this.database = database;
        this.ids = ids;
        this.registry = registry;
    }

    @Override
    public synchronized BranchState state() {
        return state;
    }

    @Override
    public synchronized Optional<String> globalId() {
        return Optional.ofNullable(globalId);
    }

    @Override
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public synchronized Optional<String> branchId() {
        return branchXid == null ? Optional.empty() : Optional.of(BranchIds.gid(branchXid));
    }

    @Override
    public String begin() {
        String fresh = BranchIds.freshGlobalId();
        begin(fresh);
        return fresh;
    }

    @Override
    public synchronized void begin(String id) {
        if (state == BranchState.ACTIVE || state == BranchState.PREPARED) {
            throw new TransactionException("a transaction is already " + state + " on this connection");
        }
        Xid global = ids.newGlobalXid(id);
        long failuresBefore = database.pool().failures();
        XAConnection connection;
        try {
            connection = database.pool().borrow();
        } catch (SQLException e) {
            throw new TransactionException("cannot begin: " + DatabaseErrors.describe(e), e);
        }
        try {
            Transaction imported = importer.importXid(global, database.timeoutMillis() + 60_000);
            CapturingXaResource res = new CapturingXaResource(connection.getXAResource());
            if (!imported.enlistResource(res)) {
                throw new TransactionException("cannot begin: the database refused to start the branch");
            }
            Connection handle = connection.getConnection();
            this.pinned = connection;
            this.tx = imported;
            this.sql = handle;
            this.branchXid = res.started();
            this.globalId = id;
            this.beganNanos = System.nanoTime();
            this.lastUsedNanos = beganNanos;
            this.poolFailuresSeen = failuresBefore;
            this.reason = null;
            this.refusesWork = false;
        } catch (TransactionException e) {
            database.pool().discard(connection);
            throw e;
        } catch (Exception e) {
            database.pool().discard(connection);
            throw new TransactionException("cannot begin: " + DatabaseErrors.describe(e), e);
        }
        moveTo(BranchState.ACTIVE);
        registry.track(tx, this);
        // begin runs inside a unit of work that started with no branch: attach it now so the
        // rest of this unit's SQL takes part; the unit's end suspends it.
        resumeOnThread();
    }

    @Override
    public synchronized Vote prepare() {
        requireState("prepare", BranchState.ACTIVE);
        if (sessionAborted()) {
            // PostgreSQL answers PREPARE TRANSACTION of an aborted transaction with a silent
            // ROLLBACK and pgjdbc reports success: voting YES would tell the coordinator that work
            // which is already gone will commit.
            LOG.info("branch {} of {} voted no: a statement in it failed, so the database aborted it",
                    BranchIds.gid(branchXid), globalId);
            rollbackActive();
            return Vote.NO;
        }
        detachFromThread();
        try {
            txid = transactionId();
        } catch (SQLException e) {
            LOG.info("branch {} of {} voted no: {}", BranchIds.gid(branchXid), globalId, DatabaseErrors.describe(e));
            rollbackActive();
            return Vote.NO;
        }
        int result;
        try {
            result = importer.prepare(tx);
        } catch (XAException e) {
            // The manager has rolled the branch back (a failed PREPARE leaves nothing prepared).
            LOG.info("branch {} of {} voted no: {}", BranchIds.gid(branchXid), globalId, DatabaseErrors.describe(e));
            finish(BranchState.ROLLED_BACK, false); // the session's state after a failed PREPARE is not trusted
            return Vote.NO;
        }
        if (result == XAResource.XA_RDONLY) {
            finish(BranchState.COMMITTED, true);
            return Vote.READ_ONLY;
        }
        registry.untrack(tx);
        moveTo(BranchState.PREPARED);
        // PostgreSQL has detached the prepared transaction from the session: phase two runs on any.
        releasePinned(true);
        return Vote.YES;
    }

    /** @return the transaction's id in the database, which PREPARE keeps and which tells its outcome later */
    private long transactionId() throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet r = s.executeQuery("SELECT txid_current()")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public synchronized void commit() {
        if (state == BranchState.ACTIVE) {
            detachFromThread();
            try {
                importer.commit(tx, true);
            } catch (XAException e) {
                finish(BranchState.ROLLED_BACK, false);
                throw new TransactionException("commit failed and the transaction was rolled back: "
                        + DatabaseErrors.describe(e), e);
            }
            finish(BranchState.COMMITTED, true);
            return;
        }
        requireState("commit", BranchState.PREPARED);
        phaseTwo(BranchState.COMMITTED, "commit");
    }

    @Override
    public synchronized void rollback() {
        if (state == BranchState.ACTIVE) {
            rollbackActive();
            return;
        }
        if (refusesWork) {
            refusesWork = false; // the connection has heard that its branch was rolled back
            return;
        }
        requireState("roll back", BranchState.PREPARED);
        phaseTwo(BranchState.ROLLED_BACK, "roll back");
    }

    /** What phase two found: the branch's outcome, and whether this call made it. */
    private record Outcome(BranchState state, boolean here) {
    }

    /** Finishes the prepared branch at the resource; when someone else has, learns which way it went. */
    private void phaseTwo(BranchState wanted, String what) {
        Outcome outcome;
        try {
            outcome = database.resolution().run(session -> {
                XAResource xa = session.getXAResource();
                try {
                    if (wanted == BranchState.COMMITTED) {
                        xa.commit(branchXid, false);
                    } else {
                        xa.rollback(branchXid);
                    }
                    return new Outcome(wanted, true);
                } catch (XAException e) {
                    if (!isGone(e)) {
                        throw e;
                    }
                    return new Outcome(outcomeOf(transactionStatus(session, txid)), false);
                }
            });
        } catch (XAException | SQLException e) {
            throw new TransactionException("cannot " + what + " the prepared branch: " + DatabaseErrors.describe(e)
                    + "; it stays prepared", e);
        }
        if (outcome.here()) {
            finish(wanted, true);
            return;
        }
        String elsewhere = (outcome.state() == BranchState.COMMITTED ? "committed" : "rolled back") + " elsewhere";
        LOG.info("branch {} of {} on connection {} was {}", BranchIds.gid(branchXid), globalId, client.id(), elsewhere);
        finish(outcome.state(), true);
        reason = elsewhere;
        throw new TransactionException("cannot " + what + ": the branch is no longer prepared: it was " + elsewhere);
    }

    private static String transactionStatus(XAConnection session, long txid) throws SQLException {
        try (Connection c = session.getConnection(); PreparedStatement s = c.prepareStatement("SELECT txid_status(?)")) {
            s.setLong(1, txid);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    /**
     * @param txidStatus what {@code txid_status} says of a transaction that is no longer prepared
     * @return its outcome
     * @throws TransactionException when it is not known (PostgreSQL no longer keeps the status of very old transactions)
     */
    static BranchState outcomeOf(String txidStatus) {
        if ("committed".equals(txidStatus)) {
            return BranchState.COMMITTED;
        }
        if ("aborted".equals(txidStatus)) {
            return BranchState.ROLLED_BACK;
        }
        throw new TransactionException("the branch is no longer prepared and its outcome is not known (txid_status: "
                + txidStatus + "); it stays PREPARED here");
    }

    /**
     * The client connection is gone (or the worker is stopping): an ACTIVE branch is rolled back
     * at once; a PREPARED one is left prepared, in doubt, and its session goes back to the pool.
     */
    synchronized void abandon(String why) {
        if (state == BranchState.ACTIVE) {
            LOG.info("rolling back branch of {} on connection {}: {}", globalId, client.id(), why);
            rollbackActive();
        } else if (state == BranchState.PREPARED) {
            LOG.warn("connection {} {} with branch {} of {} PREPARED: it stays prepared, in doubt, until resolved",
                    client.id(), why, BranchIds.gid(branchXid), globalId);
        }
    }

    /** @return whether the branch is ACTIVE and older than the timeout */
    synchronized boolean isActiveLongerThan(long millis) {
        return state == BranchState.ACTIVE && System.nanoTime() - beganNanos > millis * 1_000_000;
    }

    /** @return the connection's client */
    org.fdtserver.api.Connection client() {
        return client;
    }

    /**
     * Before a unit of work of the connection: an ACTIVE branch whose session died is ended (the
     * database has rolled it back), else the branch is attached to the thread.
     */
    synchronized void beforeWork() {
        if (state == BranchState.ACTIVE) {
            long failures = database.pool().failures();
            if (!sessionUsable(failures)) {
                lost();
                return;
            }
            poolFailuresSeen = failures;
        }
        resumeOnThread();
    }

    /** After a unit of work: a statement that failed because the session died has closed it. */
    synchronized void afterWork() {
        lastUsedNanos = System.nanoTime();
        if (state == BranchState.ACTIVE && sessionClosed()) {
            lost();
        }
    }

    /**
     * @throws SQLException if the connection's ACTIVE branch ended without the connection asking:
     *     its work must not run (and commit) outside the branch it was meant for
     */
    synchronized void refuseWorkIfEnded() throws SQLException {
        if (refusesWork) {
            throw new SQLException("the connection's transaction was rolled back (" + reason
                    + "); roll it back or begin a new one before more work", "40000");
        }
    }

    /** The check of {@link XaPool}, on the pinned session: idle for long or since a failure, and not answering. */
    private boolean sessionUsable(long poolFailures) {
        boolean suspect = poolFailures != poolFailuresSeen
                || System.nanoTime() - lastUsedNanos > database.pool().validateAfterIdleNanos();
        return !suspect || sessionAlive();
    }

    private boolean sessionClosed() {
        try {
            return sql.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** The ACTIVE branch's session died, and the database rolled the transaction back with it. */
    private void lost() {
        LOG.warn("branch {} of {} on connection {}: its database session was lost, so the database rolled it back",
                BranchIds.gid(branchXid), globalId, client.id());
        rollbackActive();
        reason = SESSION_LOST;
        refusesWork = true;
    }

    /** Attaches the branch to the current thread if it is ACTIVE. */
    synchronized void resumeOnThread() {
        if (state != BranchState.ACTIVE) {
            return;
        }
        try {
            tm.resume(tx);
        } catch (Exception e) {
            throw new TransactionException("cannot resume the transaction of connection " + client.id() + ": " + e, e);
        }
    }

    /** @return a handle on the pinned session that ignores close, while ACTIVE; one per branch, made on first use */
    synchronized Connection sqlConnection() throws SQLException {
        if (state != BranchState.ACTIVE) {
            throw new SQLException("the connection's transaction is " + state + "; no more work can join it");
        }
        if (handlerView == null) {
            Connection session = sql;
            handlerView = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null; // the branch ends the session's use, not the handler
                        }
                        try {
                            return method.invoke(session, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
        return handlerView;
    }

    private void rollbackActive() {
        detachFromThread();
        try {
            importer.rollback(tx);
            // Aries swallows a resource's rollback error, so a session that died (killed backend,
            // lost socket) looks rolled back: only a live one may go back to the pool.
            finish(BranchState.ROLLED_BACK, sessionAlive());
        } catch (XAException e) {
            LOG.warn("rollback of branch {} failed: {}; closing its session, which rolls it back", BranchIds.gid(branchXid), DatabaseErrors.describe(e));
            finish(BranchState.ROLLED_BACK, false);
        }
    }

    /** @return whether a statement failed in the branch, leaving the database transaction aborted */
    private boolean sessionAborted() {
        try {
            return sql.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
        } catch (SQLException e) {
            return false; // not a pgjdbc session: PREPARE decides
        }
    }

    private boolean sessionAlive() {
        try {
            return sql.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void detachFromThread() {
        try {
            if (tm.getTransaction() == tx) {
                tm.suspend();
            }
        } catch (SystemException e) {
            throw new TransactionException("cannot suspend the transaction: " + e, e);
        }
    }

    /**
     * Whether phase two failed because the branch is not prepared (any more). pgjdbc reports that
     * as XAER_RMERR caused by SQL state 42704 ("prepared transaction ... does not exist"), not as
     * XAER_NOTA.
     */
    static boolean isGone(XAException e) {
        if (e.errorCode == XAException.XAER_NOTA) {
            return true;
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException sql && "42704".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void finish(BranchState end, boolean healthy) {
        registry.untrack(tx);
        moveTo(end);
        releasePinned(healthy);
    }

    private void releasePinned(boolean healthy) {
        if (pinned == null) {
            return;
        }
        try {
            sql.close();
        } catch (SQLException e) {
            healthy = false;
        }
        if (healthy) {
            database.pool().release(pinned);
        } else {
            database.pool().discard(pinned);
        }
        pinned = null;
        sql = null;
        handlerView = null;
        tx = null;
    }

    private void requireState(String what, BranchState required) {
        if (state != required) {
            throw new TransactionException("cannot " + what + ": the transaction is " + state
                    + (reason == null ? "" : " (" + reason + ")") + ", not " + required);
        }
    }

    private void moveTo(BranchState next) {
        if (!BranchTransitions.isLegal(state, next)) {
            throw new IllegalStateException("branch of connection " + client.id() + " cannot move from " + state + " to " + next);
        }
        LOG.debug("branch of {} on connection {}: {} -> {}", globalId, client.id(), state, next);
        state = next;
    }
}
