package org.fdtserver.transaction.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import javax.sql.XAConnection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code DataSource} service handlers use. Inside a unit of work whose connection has an
 * ACTIVE branch, it hands out the branch's pinned session (closing it does nothing; the branch
 * ends it); otherwise a pooled session in auto-commit mode that goes back to the pool on close, or
 * is closed if the handler changed one of its settings ({@link LentConnection}).
 */
@Component(service = DataSource.class, property = "fdt.datasource=default")
public final class BranchDataSource implements DataSource {

    private final BranchRegistry registry;
    private final Database database;

    /**
     * @param registry the connection branches
     * @param database the pool
     */
    @Activate
    public BranchDataSource(@Reference BranchRegistry registry, @Reference Database database) {
        this.registry = registry;
        this.database = database;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection inBranch = registry.currentSqlConnection();
        if (inBranch != null) {
            return inBranch;
        }
        XAConnection physical = database.pool().borrow();
        Connection handle;
        try {
            handle = physical.getConnection();
        } catch (SQLException e) {
            database.pool().discard(physical);
            throw e;
        }
        return LentConnection.givenBackOnClose(handle, changed -> giveBack(physical, handle, changed));
    }

    private void giveBack(XAConnection physical, Connection handle, boolean sessionChanged) {
        if (sessionChanged) {
            database.pool().retire(physical); // closing the session ends what the caller did not commit
            return;
        }
        try {
            if (!handle.getAutoCommit()) {
                handle.rollback(); // what the caller did not commit is not kept
                handle.setAutoCommit(true);
            }
            handle.close();
            database.pool().release(physical);
        } catch (SQLException e) {
            database.pool().discard(physical);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the fdtserver DataSource uses the configured database.user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // logging goes through slf4j
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool's borrow timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
