package org.fdtserver.example.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.sql.DataSource;
import org.fdtserver.api.Connection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.ConnectionTransactions;
import org.fdtserver.api.tx.InDoubtBranches;
import org.junit.Test;

/**
 * The handler's draining and its schema creation, against stand-ins for the transaction services
 * and a database whose DDL answers are scripted (workers starting together race on it).
 */
public class LedgerHandlerTest {

    private final List<String> closed = new ArrayList<>();
    private final List<String> ddl = new ArrayList<>();
    /** What each DDL statement does in turn: "" succeeds, else the SQL state it fails with. */
    private final Deque<String> ddlOutcomes = new ArrayDeque<>();
    private BranchState state = BranchState.NONE;

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(LedgerHandlerTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private DataSource database() {
        Statement statement = fake(Statement.class, (proxy, method, args) -> {
            if (method.getName().equals("execute")) {
                ddl.add(((String) args[0]).substring(0, 40));
                String failure = ddlOutcomes.isEmpty() ? "" : ddlOutcomes.poll();
                if (!failure.isEmpty()) {
                    throw new SQLException("scripted failure", failure);
                }
                return false;
            }
            return null; // close
        });
        java.sql.Connection sql = fake(java.sql.Connection.class,
                (proxy, method, args) -> method.getName().equals("createStatement") ? statement : null);
        return fake(DataSource.class, (proxy, method, args) -> sql);
    }

    private LedgerHandler handler() throws SQLException {
        Branch branch = fake(Branch.class, (proxy, method, args) -> state);
        ConnectionTransactions transactions = fake(ConnectionTransactions.class, (proxy, method, args) -> branch);
        return new LedgerHandler(transactions, fake(InDoubtBranches.class, (proxy, method, args) -> null), database());
    }

    private Connection client() {
        return fake(Connection.class, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                closed.add((String) args[0]);
            }
            return null;
        });
    }

    @Test
    public void aDrainingWorkerClosesAConnectionWithoutABranchAndLetsOneWithABranchFinish() throws SQLException {
        LedgerHandler handler = handler();
        state = BranchState.ACTIVE;
        handler.draining(client());
        state = BranchState.PREPARED;
        handler.draining(client());
        assertEquals("a branch to finish keeps its connection", List.of(), closed);
        state = BranchState.COMMITTED;
        handler.draining(client());
        assertEquals(List.of("worker draining"), closed);
    }

    @Test
    public void aWorkerThatLosesTheRaceToCreateATableTriesOnceMore() throws SQLException {
        ddlOutcomes.add("42P07"); // duplicate_table: another worker created it in between
        ddlOutcomes.add("");
        ddlOutcomes.add("23505"); // unique_violation on pg_type: the same race, caught later
        ddlOutcomes.add("");
        handler();
        assertEquals("each table tried twice: " + ddl, 4, ddl.size());
    }

    /** Seen in CI: two workers creating the table at once, the loser told the row type exists. */
    @Test
    public void aLostRaceReportedAsTheTablesTypeExistingIsTriedOnceMore() throws SQLException {
        ddlOutcomes.add("42710"); // duplicate_object: type "ledger_entries" already exists
        ddlOutcomes.add("");
        handler();
        assertEquals("the first table tried twice: " + ddl, 3, ddl.size());
    }

    @Test
    public void aSecondLostRaceOrAnyOtherFailureStopsTheHandler() {
        ddlOutcomes.add("42P07");
        ddlOutcomes.add("42P07");
        assertEquals("42P07", assertThrows(SQLException.class, this::handler).getSQLState());
        assertEquals(2, ddl.size());
        ddl.clear();
        ddlOutcomes.clear();
        ddlOutcomes.add("42501"); // insufficient_privilege: no retry
        assertEquals("42501", assertThrows(SQLException.class, this::handler).getSQLState());
        assertEquals(1, ddl.size());
    }
}
