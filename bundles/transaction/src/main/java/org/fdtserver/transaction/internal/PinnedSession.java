package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The one physical session pinned to a branch from begin to PREPARE: its XA and SQL handles, the
 * close-ignoring handle the branch's handlers get, whether it is still alive, and its return to
 * the pool (kept when healthy and its settings unchanged, closed otherwise). Used under its branch's lock.
 */
final class PinnedSession {

    private final XaPool pool;
    private final XAConnection physical;
    private Connection sql;
    /** pgjdbc's own connection under {@link #sql}: its state, read without a round trip (and without the
     *  JDBC interface's SQLException, which these reads never throw). */
    private BaseConnection pg;
    /** What the DataSource hands out inside the branch: {@link #sql} with close ignored, made on first use. */
    private LentConnection handlerView;
    /** When the last unit of work on the session ended, and the pool's failure count it had seen before. */
    private long lastUsedNanos;
    private long poolFailuresSeen;

    private PinnedSession(XaPool pool, XAConnection physical, long poolFailuresSeen) {
        this.pool = pool;
        this.physical = physical;
        this.poolFailuresSeen = poolFailuresSeen;
    }

    /**
     * @return an idle session of the pool, not yet open for SQL
     * @throws SQLException if none can be had
     */
    static PinnedSession borrow(XaPool pool) throws SQLException {
        long failuresBefore = pool.failures();
        return new PinnedSession(pool, pool.borrow(), failuresBefore);
    }

    /** @return the session's resource, which the transaction manager starts the branch on */
    XAResource xaResource() throws SQLException {
        return physical.getXAResource();
    }

    /** Opens the SQL handle, once the branch has started (pgjdbc turns auto-commit on for a handle taken outside one). */
    void open() throws SQLException {
        sql = physical.getConnection();
        pg = sql.unwrap(BaseConnection.class);
        lastUsedNanos = System.nanoTime();
    }

    /** @return the handle handlers get: close does nothing, the branch ends the session's use */
    Connection handlerView() {
        if (handlerView == null) {
            handlerView = LentConnection.ignoringClose(sql);
        }
        return handlerView.handle();
    }

    /** @return the transaction's id in the database, which PREPARE keeps and which tells its outcome later */
    long transactionId() throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet r = s.executeQuery("SELECT txid_current()")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * The check of {@link XaPool} before a unit of work: a session idle for long, or since the
     * pool saw a failure, must answer a round trip.
     *
     * @return whether the session may be used
     */
    boolean stillUsable() {
        long failures = pool.failures();
        boolean suspect = failures != poolFailuresSeen || System.nanoTime() - lastUsedNanos > pool.validateAfterIdleNanos();
        if (suspect && !alive()) {
            return false;
        }
        poolFailuresSeen = failures;
        return true;
    }

    /**
     * After a unit of work on the session.
     *
     * @return whether it is still open (a statement that failed because the session died has closed it)
     */
    boolean workEnded() {
        lastUsedNanos = System.nanoTime();
        return !pg.getQueryExecutor().isClosed();
    }

    /** @return whether a statement failed in the branch, leaving the database transaction aborted */
    boolean aborted() {
        return pg.getTransactionState() == TransactionState.FAILED;
    }

    /** @return whether the session answers a round trip */
    boolean alive() {
        try {
            return sql.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes the session, which ends whatever it was doing: for a branch that failed to begin on it. */
    void discard() {
        pool.discard(physical);
    }

    /**
     * Gives the session back to the pool: kept if {@code healthy}, its handle closes cleanly and the
     * branch's handlers changed none of its settings; else closed.
     */
    void end(boolean healthy) {
        try {
            sql.close();
        } catch (SQLException e) {
            healthy = false;
        }
        if (!healthy) {
            pool.discard(physical);
        } else if (handlerView != null && handlerView.sessionChanged()) {
            pool.retire(physical);
        } else {
            pool.release(physical);
        }
    }
}
