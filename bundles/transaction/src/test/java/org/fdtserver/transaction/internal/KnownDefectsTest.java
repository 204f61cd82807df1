package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.Vote;
import org.junit.Ignore;
import org.junit.Test;

/**
 * Defects found while raising coverage, each reproduced with the real Aries manager and a real
 * PostgreSQL and asserting the behaviour a client needs. Ignored until the transaction bundle's
 * owner fixes them (this branch adds tests only); remove the @Ignore with the fix.
 */
public class KnownDefectsTest {

    @Test
    @Ignore("defect: PostgreSQL turns PREPARE TRANSACTION of an aborted transaction into ROLLBACK without"
            + " an error, pgjdbc reports XA_OK, and the branch votes YES with nothing prepared")
    public void aBranchWhoseStatementFailedVotesNo() throws Exception {
        String url = TestPostgres.newDatabase("defect");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        TransactionManager tm = new AriesTransactionManagerImpl(600);
        Database database = new Database(TestPostgres.config(url));
        BranchRegistry registry = new BranchRegistry(tm, database);
        BranchDataSource data = new BranchDataSource(registry, database);
        FakeClient client = new FakeClient();
        try {
            Branch branch = registry.branch(client);
            branch.begin("aborted");
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rows VALUES ('aborted')");
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
            }
            // A coordinator that sees YES commits the other participants: this one's work is gone.
            assertEquals(Vote.NO, branch.prepare());
        } finally {
            registry.afterWork(client);
            registry.closed(client);
            registry.deactivate();
            database.deactivate();
        }
    }

    @Test
    @Ignore("defect: when the session of an ACTIVE branch died, Aries' rollback swallows the resource's"
            + " error, so ConnectionBranch gives the dead session back to the pool as healthy and the next"
            + " borrower fails ('cannot begin: the database refused to start the branch')")
    public void aSessionThatDiedIsNotHandedToTheNextBranch() throws Exception {
        String url = TestPostgres.newDatabase("defect");
        TransactionManager tm = new AriesTransactionManagerImpl(600);
        Database database = new Database(TestPostgres.config(url).poolSize(1));
        BranchRegistry registry = new BranchRegistry(tm, database);
        BranchDataSource data = new BranchDataSource(registry, database);
        FakeClient first = new FakeClient();
        FakeClient second = new FakeClient();
        try {
            registry.branch(first).begin("dies");
            long pid;
            try (Connection c = data.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
                r.next();
                pid = r.getLong(1);
            }
            registry.afterWork(first);
            TestPostgres.queryLong(url, "SELECT count(*) FROM (SELECT pg_terminate_backend(" + pid + ")) t");
            registry.closed(first);
            Branch next = registry.branch(second);
            next.begin("next"); // throws "cannot begin: the database refused to start the branch"
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            next.rollback();
        } finally {
            registry.afterWork(second);
            registry.closed(second);
            registry.deactivate();
            database.deactivate();
        }
    }
}
