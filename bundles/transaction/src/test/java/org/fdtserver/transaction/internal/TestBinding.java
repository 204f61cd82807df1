package org.fdtserver.transaction.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.TransactionManager;
import org.fdtserver.api.testing.FakeConnection;

/**
 * One worker's transaction binding outside OSGi, on a pool of its own (so that what a test does
 * to its sessions reaches no other test): the database, the branch registry and the DataSource.
 * Closing it ends each client's unit of work and connection, then stops the binding, as a
 * worker's server and SCR would.
 */
final class TestBinding implements AutoCloseable {

    final Database database;
    final BranchRegistry registry;
    final BranchDataSource data;
    private final List<FakeConnection> clients = new ArrayList<>();

    TestBinding(TransactionManager tm, TestPostgres.Config config) throws SQLException {
        this.database = new Database(config);
        this.registry = new BranchRegistry(tm, database);
        this.data = new BranchDataSource(registry, database);
    }

    /** @return a new client connection, ended when the binding closes */
    FakeConnection client() {
        FakeConnection client = new FakeConnection("ledger");
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (FakeConnection client : clients) {
            registry.afterWork(client);
            registry.closed(client);
        }
        registry.deactivate();
        database.deactivate();
    }
}
