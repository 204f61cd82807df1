package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.Vote;

import org.junit.Test;

/**
 * Defects found while raising coverage, each reproduced with the real Aries manager and a real
 * PostgreSQL and asserting the behaviour a client needs: a branch whose statement failed must vote
 * NO (PostgreSQL silently turns its PREPARE into a ROLLBACK), and a session that died must not be
 * handed to the next branch.
 */
public class BranchFailureTest {

    @Test
    public void aBranchWhoseStatementFailedVotesNo() throws Exception {
        String url = TestPostgres.newDatabase("defect");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        TransactionManager tm = new AriesTransactionManagerImpl(600);
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url))) {
            BranchRegistry registry = binding.registry;
            BranchDataSource data = binding.data;
            FakeConnection client = binding.client();
            Branch branch = registry.branch(client);
            branch.begin("aborted");
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rows VALUES ('aborted')");
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
            }
            // A coordinator that sees YES commits the other participants: this one's work is gone.
            assertEquals(Vote.NO, branch.prepare());
        }
    }

    @Test
    public void aSessionThatDiedIsNotHandedToTheNextBranch() throws Exception {
        String url = TestPostgres.newDatabase("defect");
        TransactionManager tm = new AriesTransactionManagerImpl(600);
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            BranchRegistry registry = binding.registry;
            BranchDataSource data = binding.data;
            FakeConnection first = binding.client();
            FakeConnection second = binding.client();
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
        }
    }
}
