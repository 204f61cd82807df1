package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.XAConnection;
import org.postgresql.xa.PGXADataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed-size pool of physical XA connections to one database. Hand-written because it is
 * small and must hand out {@link XAConnection}s (not logical connections) so that a branch can
 * pin one for its whole life; idle connections that have waited long are checked before reuse.
 */
final class XaPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XaPool.class);
    private static final long CHECK_AFTER_IDLE_MILLIS = 30_000;

    private record Idle(XAConnection connection, long sinceMillis) {
    }

    private final PGXADataSource source;
    private final String url;
    private final int size;
    private final long borrowTimeoutMillis;
    private final String sessionSetup;
    private final Semaphore permits;
    private final BlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    /**
     * @param source where connections come from
     * @param url its URL as configured, for messages (pgjdbc's own spells out every default)
     * @param size connections at most
     * @param borrowTimeoutMillis how long a borrower waits for a free connection
     * @param sessionSetup SQL run once on each new connection
     */
    XaPool(PGXADataSource source, String url, int size, long borrowTimeoutMillis, String sessionSetup) {
        if (size <= 0) {
            throw new IllegalArgumentException("database.pool_size must be > 0, was " + size);
        }
        this.source = source;
        this.url = url;
        this.size = size;
        this.borrowTimeoutMillis = borrowTimeoutMillis;
        this.sessionSetup = sessionSetup;
        this.permits = new Semaphore(size, true);
    }

    /** @return the database's URL, for messages */
    String url() {
        return url;
    }

    /**
     * @return a physical connection, idle (no transaction)
     * @throws SQLException if none frees up in time or the database refuses
     */
    XAConnection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("the connection pool for " + url() + " is closed");
        }
        try {
            if (!permits.tryAcquire(borrowTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLException("all " + size + " database connections of this worker are in use (database.pool_size)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        try {
            for (Idle candidate = idle.pollFirst(); candidate != null; candidate = idle.pollFirst()) {
                if (System.currentTimeMillis() - candidate.sinceMillis() < CHECK_AFTER_IDLE_MILLIS || isValid(candidate.connection())) {
                    return candidate.connection();
                }
                closeQuietly(candidate.connection());
            }
            return open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives back a connection that is idle and healthy. */
    void release(XAConnection connection) {
        if (closed) {
            closeQuietly(connection);
        } else {
            idle.offerFirst(new Idle(connection, System.currentTimeMillis()));
        }
        permits.release();
    }

    /** Gives back a connection in an unknown state: it is closed, which ends any transaction on it. */
    void discard(XAConnection connection) {
        closeQuietly(connection);
        permits.release();
    }

    private XAConnection open() throws SQLException {
        XAConnection connection = source.getXAConnection();
        try (Connection c = connection.getConnection(); Statement s = c.createStatement()) {
            s.execute(sessionSetup);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
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
