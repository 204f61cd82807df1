package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.transaction.TransactionManager;
import org.apache.aries.transaction.internal.AriesTransactionManagerImpl;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.Vote;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * What a handler sets on a lent connection (read-only, isolation level, schema, ...) pgjdbc keeps
 * on the physical session: such a session is closed when its user is done with it, never lent to
 * the next connection or branch, on a pool of one session so that reuse would be certain.
 */
public class SessionStateTest {

    /** A setting a handler may change on its connection. */
    @FunctionalInterface
    private interface Setting {
        void change(Connection c) throws SQLException;
    }

    private static String url;
    private static TransactionManager tm;

    @BeforeClass
    public static void start() throws Exception {
        url = TestPostgres.newDatabase("state");
        TestPostgres.execute(url, "CREATE TABLE rows (tag text NOT NULL)");
        tm = new AriesTransactionManagerImpl(600);
    }

    @Test
    public void aSessionAHandlerMadeReadOnlyOutsideABranchIsNotLentToTheNextBranch() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            long readOnlyPid;
            try (Connection c = binding.data.getConnection()) { // no branch: a pooled session
                c.setReadOnly(true);
                readOnlyPid = pid(c);
            }
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("payment");
            long pid = insertAndPid(binding.data, "payment"); // refused in a read-only transaction, if lent
            assertEquals(Vote.YES, branch.prepare());
            branch.commit();
            binding.registry.afterWork(client);
            assertNotEquals("a fresh session", readOnlyPid, pid);
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'payment'"));
            assertEquals("closing it is no failure of the database", 0, binding.database.pool().failures());
        }
    }

    @Test
    public void aSessionABranchsHandlerMadeReadOnlyIsNotLentToTheNextBranch() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("report");
            long readOnlyPid;
            try (Connection c = binding.data.getConnection()) {
                c.setReadOnly(true);
                readOnlyPid = pid(c);
            }
            branch.commit(); // one phase
            branch.begin("transfer");
            long pid = insertAndPid(binding.data, "transfer");
            branch.commit();
            binding.registry.afterWork(client);
            assertNotEquals("a fresh session", readOnlyPid, pid);
            assertEquals(1, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'transfer'"));
            assertEquals(0, binding.database.pool().failures());
        }
    }

    @Test
    public void anIsolationLevelABranchsHandlerSetReachesNoLaterUserOfTheSession() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            FakeConnection client = binding.client();
            Branch branch = binding.registry.branch(client);
            branch.begin("serial");
            try (Connection c = binding.data.getConnection()) {
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                assertEquals("serializable", isolation(c));
            }
            assertEquals(Vote.YES, branch.prepare());
            branch.commit();
            binding.registry.afterWork(client);
            try (Connection c = binding.data.getConnection()) {
                assertEquals("the database's default", "read committed", isolation(c));
            }
        }
    }

    @Test
    public void whatAHandlerDidNotCommitOnASessionItChangedIsNotKept() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            try (Connection c = binding.data.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false); // a transaction of the handler's own
                s.executeUpdate("INSERT INTO rows VALUES ('own-uncommitted')");
                c.setSchema("public");
            }
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'own-uncommitted'"));
            try (Connection c = binding.data.getConnection()) {
                assertEquals("the next user is in auto-commit mode", true, c.getAutoCommit());
            }
        }
    }

    @Test
    public void aSessionWhoseUserLeftAnOwnTransactionOpenIsLentAgainInAutoCommitModeAndKeepsTheNextUsersWork() throws Exception {
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            long firstPid;
            try (Connection c = binding.data.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false); // a transaction of the handler's own, never committed
                s.executeUpdate("INSERT INTO rows VALUES ('left-open')");
                firstPid = pid(c);
            }
            long nextPid;
            try (Connection c = binding.data.getConnection(); Statement s = c.createStatement()) {
                assertEquals("the next user is in auto-commit mode", true, c.getAutoCommit());
                s.executeUpdate("INSERT INTO rows VALUES ('next-user')");
                nextPid = pid(c);
            }
            assertEquals("the sound session is reused", firstPid, nextPid);
            assertEquals(0, TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'left-open'"));
            assertEquals("the next user's insert is committed", 1,
                    TestPostgres.queryLong(url, "SELECT count(*) FROM rows WHERE tag = 'next-user'"));
        }
    }

    @Test
    public void everySettingAHandlerChangesOnAPooledSessionRetiresIt() throws Exception {
        Map<String, Setting> settings = new LinkedHashMap<>();
        settings.put("setReadOnly", c -> c.setReadOnly(true));
        settings.put("setTransactionIsolation", c -> c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ));
        settings.put("setSchema", c -> c.setSchema("pg_catalog"));
        settings.put("setCatalog", c -> c.setCatalog("other"));
        settings.put("setHoldability", c -> c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT));
        settings.put("setTypeMap", c -> c.setTypeMap(Map.of()));
        settings.put("setClientInfo(name, value)", c -> c.setClientInfo("ApplicationName", "handler"));
        Properties info = new Properties();
        info.setProperty("ApplicationName", "handler");
        settings.put("setClientInfo(properties)", c -> c.setClientInfo(info));
        settings.put("setNetworkTimeout", c -> c.setNetworkTimeout(Runnable::run, 1_000));
        try (TestBinding binding = new TestBinding(tm, TestPostgres.config(url).poolSize(1))) {
            long kept;
            try (Connection c = binding.data.getConnection()) {
                kept = pid(c);
            }
            try (Connection c = binding.data.getConnection()) {
                assertEquals("a session nobody changed is kept", kept, pid(c));
            }
            for (Map.Entry<String, Setting> setting : settings.entrySet()) {
                long changed;
                try (Connection c = binding.data.getConnection()) {
                    changed = pid(c);
                    setting.getValue().change(c);
                }
                try (Connection c = binding.data.getConnection()) {
                    assertNotEquals(setting.getKey(), changed, pid(c));
                }
            }
            assertEquals(0, binding.database.pool().failures());
        }
    }

    private static long insertAndPid(BranchDataSource data, String tag) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rows VALUES ('" + tag + "')");
            return pid(c);
        }
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String isolation(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW transaction_isolation")) {
            r.next();
            return r.getString(1);
        }
    }
}
