package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.XAConnection;
import org.postgresql.xa.PGXADataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured PostgreSQL database: this worker's pool of XA connections to it, checked at
 * start to allow prepared transactions, the one session reserved for resolution, and the
 * settings the other components share.
 */
@Component(service = Database.class, configurationPid = TransactionConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TransactionConfig.class)
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** A borrower waits at most this long for a free connection. */
    private static final long BORROW_TIMEOUT_MILLIS = 10_000;

    private final XaPool pool;
    private final XaPool reserved;
    private final ResolutionSessions resolution;
    private final String workerId;
    private final long timeoutMillis;
    private final long inDoubtWarningMillis;

    /**
     * Opens the pool and checks the database.
     *
     * @param config the configuration
     * @throws SQLException if the database cannot be reached
     * @throws IllegalStateException if it does not allow prepared transactions
     */
    @Activate
    public Database(TransactionConfig config) throws SQLException {
        if (config.database_url() == null || config.database_url().isBlank()) {
            throw new IllegalArgumentException(TransactionConfig.PID + ": database.url is required");
        }
        this.workerId = config.worker_id();
        this.timeoutMillis = config.transaction_timeout__ms();
        this.inDoubtWarningMillis = config.transaction_indoubt__warning__ms();
        // The server's own backstop for a branch this worker stops tending: a little after our timeout.
        String setup = "SET idle_in_transaction_session_timeout = " + (timeoutMillis + 30_000);
        this.pool = new XaPool(source(config, "fdtserver worker " + workerId), config.database_url(),
                config.database_pool__size(), BORROW_TIMEOUT_MILLIS, setup, XaPool.VALIDATE_AFTER_IDLE_MILLIS);
        this.reserved = new XaPool(source(config, "fdtserver resolution, worker " + workerId), config.database_url(), 1,
                BORROW_TIMEOUT_MILLIS, setup, XaPool.VALIDATE_AFTER_IDLE_MILLIS);
        this.resolution = new ResolutionSessions(pool, reserved);
        try {
            checkPreparedTransactions(config.database_url());
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("transactions on {}: {} connections per worker, timeout {} ms", config.database_url(),
                config.database_pool__size(), timeoutMillis);
    }

    private static PGXADataSource source(TransactionConfig config, String applicationName) {
        PGXADataSource source = new PGXADataSource();
        source.setUrl(config.database_url());
        source.setUser(config.database_user());
        source.setPassword(config.database_password());
        source.setApplicationName(applicationName);
        return source;
    }

    /** @param url for the operator (this failure stops the worker's start; no client sees it) */
    private void checkPreparedTransactions(String url) throws SQLException {
        XAConnection xa = pool.borrow();
        try (Connection c = xa.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW max_prepared_transactions")) {
            r.next();
            int max = Integer.parseInt(r.getString(1));
            if (max <= 0) {
                throw new IllegalStateException("the database at " + url
                        + " does not allow prepared transactions (max_prepared_transactions = " + max
                        + "); set max_prepared_transactions > 0 in its postgresql.conf and restart it");
            }
        } finally {
            pool.release(xa);
        }
    }

    @Deactivate
    void deactivate() {
        pool.close();
        reserved.close();
    }

    /** @return the application's sessions: branches and the DataSource */
    XaPool pool() {
        return pool;
    }

    /** @return sessions for resolving prepared branches, which never wait behind the application's */
    ResolutionSessions resolution() {
        return resolution;
    }

    String workerId() {
        return workerId;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    long inDoubtWarningMillis() {
        return inDoubtWarningMillis;
    }
}
