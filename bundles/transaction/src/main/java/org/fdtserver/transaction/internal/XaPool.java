package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.XAConnection;
import org.postgresql.PGConnection;
import org.postgresql.xa.PGXADataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed-size pool of physical XA connections (sessions) to one database. Hand-written because
 * it is small and must hand out {@link XAConnection}s (not logical connections) so that a branch
 * can pin one for its whole life.
 *
 * <p>A session is never handed out dead once the pool could know it: one that has been idle
 * longer than {@value #VALIDATE_AFTER_IDLE_MILLIS} ms, or that went idle before the pool last saw
 * a failure (its {@link #failures() failure count} moved), is checked with a round trip first;
 * any other one that the server has told it is gone (a restart, {@code pg_terminate_backend}) is
 * dropped without a round trip. A session given back as failed is closed, which counts as a
 * failure, as does a failed connect; one retired (sound, but a handler changed its settings) is
 * closed without counting.
 */
final class XaPool implements AutoCloseable {

    /** Idle longer than this, a session is checked with a round trip before reuse (HikariCP skips the check for 500 ms). */
    static final long VALIDATE_AFTER_IDLE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(XaPool.class);

    private record Idle(XAConnection connection, long sinceNanos, long failuresBefore) {
    }

    private final PGXADataSource source;
    private final String url;
    private final int size;
    private final long borrowTimeoutMillis;
    private final String sessionSetup;
    private final long validateAfterIdleNanos;
    private final Semaphore permits;
    private final BlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param source where connections come from
     * @param url its URL as configured, for the worker's log only (pgjdbc's own spells out every default)
     * @param size connections at most
     * @param borrowTimeoutMillis how long a borrower waits for a free connection
     * @param sessionSetup SQL run once on each new connection
     * @param validateAfterIdleMillis a session idle longer than this is checked with a round trip
     *     before reuse ({@link #VALIDATE_AFTER_IDLE_MILLIS}; tests shorten it)
     */
    XaPool(PGXADataSource source, String url, int size, long borrowTimeoutMillis, String sessionSetup,
            long validateAfterIdleMillis) {
        if (size <= 0) {
            throw new IllegalArgumentException("database.pool_size must be > 0, was " + size);
        }
        this.source = source;
        this.url = url;
        this.size = size;
        this.borrowTimeoutMillis = borrowTimeoutMillis;
        this.sessionSetup = sessionSetup;
        this.validateAfterIdleNanos = TimeUnit.MILLISECONDS.toNanos(validateAfterIdleMillis);
        this.permits = new Semaphore(size, true);
    }

    /**
     * @return a physical connection, idle (no transaction), waiting up to the borrow timeout for one
     * @throws SQLException if none frees up in time or the database cannot be reached
     */
    XAConnection borrow() throws SQLException {
        checkOpen();
        try {
            if (!permits.tryAcquire(borrowTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLException("all " + size + " database connections of this worker are in use (database.pool_size)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        return take();
    }

    /**
     * @return a physical connection at once, or null when all of them are in use
     * @throws SQLException if the database cannot be reached
     */
    XAConnection tryBorrow() throws SQLException {
        checkOpen();
        return permits.tryAcquire() ? take() : null;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the database connection pool of this worker is closed");
        }
    }

    /** With a permit held: the most recently used idle session that is usable, or a new one. */
    private XAConnection take() throws SQLException {
        try {
            for (Idle candidate = idle.pollFirst(); candidate != null; candidate = idle.pollFirst()) {
                if (usable(candidate)) {
                    return candidate.connection();
                }
                failed(candidate.connection());
            }
            return open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** A round trip for a suspect session (it also reads what the server said); else what has arrived. */
    private boolean usable(Idle candidate) {
        boolean suspect = candidate.failuresBefore() != failures.get()
                || System.nanoTime() - candidate.sinceNanos() > validateAfterIdleNanos;
        return suspect ? isValid(candidate.connection()) : !toldGone(candidate.connection());
    }

    /** @return how long a session may idle before it is checked with a round trip, in nanoseconds */
    long validateAfterIdleNanos() {
        return validateAfterIdleNanos;
    }

    /** @return how many times the pool has seen a session fail, or a connect fail, so far */
    long failures() {
        return failures.get();
    }

    /** Gives back a connection that is idle and healthy. */
    void release(XAConnection connection) {
        if (closed) {
            closeQuietly(connection);
        } else {
            idle.offerFirst(new Idle(connection, System.nanoTime(), failures.get()));
        }
        permits.release();
    }

    /** Gives back a connection in an unknown state: it is closed, which ends any transaction on it. */
    void discard(XAConnection connection) {
        failed(connection);
        permits.release();
    }

    /** Gives back a healthy connection that must not be reused (a handler changed its settings): it is closed. */
    void retire(XAConnection connection) {
        closeQuietly(connection);
        permits.release();
    }

    /** Gives back a connection whose last use failed: kept if it still answers, else discarded. */
    void releaseAfterFailure(XAConnection connection) {
        if (isValid(connection)) {
            release(connection);
        } else {
            discard(connection);
        }
    }

    private void failed(XAConnection connection) {
        failures.incrementAndGet();
        closeQuietly(connection);
    }

    private XAConnection open() throws SQLException {
        XAConnection connection;
        try {
            connection = source.getXAConnection();
        } catch (SQLException e) {
            // pgjdbc names the host and port: the worker's log may say where, a client may not.
            failures.incrementAndGet();
            LOG.warn("database unavailable: cannot connect to {}: {}", url, e.toString());
            throw new SQLException("database unavailable", e.getSQLState());
        }
        try (Connection c = connection.getConnection(); Statement s = c.createStatement()) {
            s.execute(sessionSetup);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    /**
     * Whether the server has told this idle session that it ends it: on a fast shutdown,
     * {@code pg_terminate_backend} or a postmaster's death it sends a FATAL error before closing,
     * which pgjdbc reads from what has arrived, without a round trip.
     */
    private static boolean toldGone(XAConnection connection) {
        try (Connection c = connection.getConnection()) {
            c.unwrap(PGConnection.class).getNotifications();
            return false;
        } catch (SQLException e) {
            LOG.info("dropping a pooled database session the server has ended: {}", DatabaseErrors.describe(e));
            return true;
        }
    }

    private static boolean isValid(XAConnection connection) {
        try (Connection c = connection.getConnection()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    static void closeQuietly(XAConnection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a database connection failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Idle i = idle.pollFirst(); i != null; i = idle.pollFirst()) {
            closeQuietly(i.connection());
        }
    }
}
