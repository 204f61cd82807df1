package org.fdtserver.itests.paxexam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
import javax.sql.DataSource;
import javax.transaction.TransactionManager;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.ConnectionTransactions;
import org.fdtserver.api.tx.InDoubtBranches;
import org.fdtserver.api.tx.Vote;
import org.fdtserver.itests.process.TestDatabase;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The transaction binding inside a real Felix with the installation's bundles, the real Aries
 * transaction manager and a real PostgreSQL: the branch is attached to the thread by begin and
 * the work interceptor, and detached after each unit of work; SQL through the DataSource service
 * takes part in it; a prepared branch survives its connection and is resolved through the
 * in-doubt service; an active one is rolled back when its connection closes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransactionBindingInFelixIT {

    /** Framework property carrying the test database's URL from the test JVM's side into the container. */
    private static final String URL_PROPERTY = "fdt.itest.database.url";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;
    @Inject
    private TransactionManager tm;
    private ConnectionTransactions transactions;
    private InDoubtBranches inDoubt;
    private DataSource data;
    private WorkInterceptor interceptor;

    @Configuration
    public Option[] config() {
        // Runs in the test JVM before Felix starts; the test database's URL reaches the container
        // as a framework property, and the test writes the configuration a worker runtime writes.
        String url = TestDatabase.newDatabase("paxexam");
        return new Option[] {composite(FdtOptions.installation()), frameworkProperty(URL_PROPERTY).value(url)};
    }

    @Before
    public void configure() throws Exception {
        Configurations.writeOnce(context, "org.fdtserver.transaction", Map.of(
                "database.url", context.getProperty(URL_PROPERTY), "database.user", "postgres",
                "database.password", "", "database.pool_size", 4, "transaction.timeout_ms", 60_000L,
                "transaction.indoubt_warning_ms", 300_000L, "worker.id", "7.0", "generation", 7L));
        transactions = Configurations.await(context, ConnectionTransactions.class, DEADLINE);
        inDoubt = Configurations.await(context, InDoubtBranches.class, DEADLINE);
        data = Configurations.await(context, DataSource.class, DEADLINE);
        interceptor = Configurations.await(context, WorkInterceptor.class, DEADLINE);
    }

    @Test
    public void preparedBranchOutlivesItsConnectionAndIsCommittedThroughTheInDoubtService() throws Exception {
        table();
        FakeConnection conn = new FakeConnection("ledger");
        Branch branch = transactions.branch(conn);
        assertSame(branch, transactions.branch(conn));
        branch.begin("pax-prepared");
        assertNotNull("begin attaches the branch to this thread", tm.getTransaction());
        insert("prepared");
        assertEquals(Vote.YES, branch.prepare());
        interceptor.afterWork(conn);
        assertNull("no transaction left on the thread", tm.getTransaction());
        interceptor.closed(conn);
        assertEquals(BranchState.PREPARED, branch.state());
        assertTrue(inDoubt.list().stream().anyMatch(b -> b.globalId().equals("pax-prepared")
                && b.worker().equals("7.0") && b.generation() == 7));
        assertEquals(0, count("prepared"));
        assertEquals(1, inDoubt.commit("pax-prepared"));
        assertEquals(1, count("prepared"));
    }

    @Test
    public void activeBranchIsResumedAroundEachUnitOfWorkAndRolledBackWhenItsConnectionCloses() throws Exception {
        table();
        FakeConnection conn = new FakeConnection("ledger");
        Branch branch = transactions.branch(conn);
        branch.begin("pax-active");
        insert("active");
        interceptor.afterWork(conn);
        assertNull(tm.getTransaction());
        interceptor.beforeWork(conn);
        assertNotNull("resumed for the next unit of work", tm.getTransaction());
        insert("active");
        interceptor.afterWork(conn);
        interceptor.closed(conn);
        assertEquals(BranchState.ROLLED_BACK, branch.state());
        assertEquals(0, count("active"));
        assertTrue(inDoubt.list().stream().noneMatch(b -> b.globalId().equals("pax-active")));
    }

    @Test
    public void onePhaseCommitAndReuseOfTheConnectionForANextBranch() throws Exception {
        table();
        FakeConnection conn = new FakeConnection("ledger");
        Branch branch = transactions.branch(conn);
        branch.begin("pax-one");
        insert("one");
        branch.commit();
        assertEquals(BranchState.COMMITTED, branch.state());
        branch.begin("pax-one");
        insert("one");
        branch.rollback();
        interceptor.afterWork(conn);
        interceptor.closed(conn);
        assertEquals(1, count("one"));
    }

    private void table() throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pax_rows (tag text NOT NULL)");
        }
    }

    private void insert(String tag) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO pax_rows VALUES ('" + tag + "')");
        }
    }

    private long count(String tag) throws SQLException {
        // Outside any branch: a pooled auto-commit session.
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pax_rows WHERE tag = '" + tag + "'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
