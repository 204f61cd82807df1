package org.fdtserver.transaction.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.transaction.SystemException;
import javax.transaction.Transaction;
import javax.transaction.TransactionManager;
import org.apache.geronimo.transaction.manager.TransactionManagerImpl;
import org.fdtserver.api.Connection;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.ConnectionTransactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's connection branches: hands each connection its branch, resumes it on the pool
 * thread around each unit of work and suspends it after, rolls back ACTIVE branches whose
 * connection closed or that outlived the transaction timeout, and finds the branch of the
 * transaction on the current thread for the DataSource.
 */
@Component(service = {ConnectionTransactions.class, WorkInterceptor.class, BranchRegistry.class})
public final class BranchRegistry implements ConnectionTransactions, WorkInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(BranchRegistry.class);

    private final TransactionManagerImpl tm;
    private final Database database;
    private final BranchServices services;
    private final Map<Connection, ConnectionBranch> branches = new ConcurrentHashMap<>();
    private final Map<Transaction, ConnectionBranch> byTransaction = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /** The branch of the connection whose unit of work runs on this thread, if it has one. */
    private final ThreadLocal<ConnectionBranch> working = new ThreadLocal<>();

    /**
     * @param tm the Aries transaction manager, which is Geronimo's: it imports transactions
     *     ({@code XidImporter}), and asking it for the thread's transaction cannot fail
     * @param database the configured database
     */
    @Activate
    public BranchRegistry(@Reference TransactionManager tm, @Reference Database database) {
        if (!(tm instanceof TransactionManagerImpl geronimo)) {
            throw new IllegalStateException("the TransactionManager service " + tm.getClass().getName()
                    + " cannot import transactions (not Geronimo's TransactionManagerImpl); install Apache Aries Transaction");
        }
        this.tm = geronimo;
        this.database = database;
        this.services = new BranchServices(geronimo, geronimo, database, new BranchIds(database.workerId()),
                new PhaseTwo(database.resolution()), this);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fdt-tx-timeout");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(1000, database.timeoutMillis() / 4));
        timer.scheduleWithFixedDelay(this::closeTimedOut, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public Branch branch(Connection connection) {
        return branchOf(connection);
    }

    private ConnectionBranch branchOf(Connection connection) {
        return branches.computeIfAbsent(connection, c -> new ConnectionBranch(c, services));
    }

    @Override
    public void beforeWork(Connection connection) {
        ConnectionBranch branch = branches.get(connection);
        if (branch != null) {
            working.set(branch);
            branch.beforeWork();
        }
    }

    @Override
    public void afterWork(Connection connection) {
        ConnectionBranch branch = working.get();
        working.remove();
        if (branch != null) {
            branch.afterWork();
        }
        try {
            // Whatever happened in the unit, the thread goes back to the pool with no transaction.
            if (tm.getTransaction() != null) {
                tm.suspend();
            }
        } catch (SystemException e) {
            LOG.error("cannot suspend the transaction of connection {}", connection.id(), e);
        }
    }

    @Override
    public void closed(Connection connection) {
        ConnectionBranch branch = branches.remove(connection);
        if (branch != null) {
            branch.abandon("closed");
        }
    }

    /** @return the ACTIVE branch of the transaction on this thread, or null */
    ConnectionBranch current() {
        Transaction tx = tm.getTransaction();
        return tx == null ? null : byTransaction.get(tx);
    }

    /**
     * @return a connection that takes part in this thread's branch, or null when there is none
     * @throws SQLException if the branch of the connection being served ended without it asking
     */
    java.sql.Connection currentSqlConnection() throws SQLException {
        ConnectionBranch branch = current();
        if (branch != null) {
            return branch.sqlConnection();
        }
        ConnectionBranch served = working.get();
        if (served != null) {
            served.refuseWorkIfEnded();
        }
        return null;
    }

    void track(Transaction tx, ConnectionBranch branch) {
        byTransaction.put(tx, branch);
    }

    void untrack(Transaction tx) {
        byTransaction.remove(tx);
    }

    /** The transaction timeout: the connection is closed, which rolls its branch back in order. */
    private void closeTimedOut() {
        for (Map.Entry<Connection, ConnectionBranch> open : List.copyOf(branches.entrySet())) {
            if (open.getValue().isActiveLongerThan(database.timeoutMillis())) {
                open.getKey().close("transaction timeout: ACTIVE for more than " + database.timeoutMillis() + " ms");
            }
        }
    }

    /** The worker stops: what is still ACTIVE is rolled back; PREPARED branches stay prepared. */
    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        for (ConnectionBranch branch : List.copyOf(branches.values())) {
            branch.abandon("left open as the worker stops");
        }
        branches.clear();
    }
}
