package org.fdtserver.example.ledger;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.ConnectionTransactions;
import org.fdtserver.api.tx.InDoubtBranches;
import org.junit.Before;
import org.junit.Test;

/**
 * Requests outside a branch (each commits on its own) answered by the handler over a real
 * PostgreSQL: what the client reads back, and what the balances and the journal then hold.
 */
public class LedgerSqlTest {

    private static final String GENERATED_ID = "3.1.17";

    private final List<Object> answers = new ArrayList<>();
    private final FakeConnection client = new FakeConnection("ledger", new InetSocketAddress("127.0.0.1", 1), answers::add);
    private DataSource data;
    private LedgerHandler handler;

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(LedgerSqlTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    @Before
    public void ledger() throws SQLException {
        data = TestPostgres.newDatabase();
        // No branch on the connection (its state is NONE) until BEGIN, which hands out a generated id.
        Branch branch = fake(Branch.class, (proxy, method, args) -> switch (method.getName()) {
            case "state" -> BranchState.NONE;
            case "begin" -> GENERATED_ID;
            default -> throw new AssertionError("not asked in these tests: " + method);
        });
        ConnectionTransactions transactions = fake(ConnectionTransactions.class, (proxy, method, args) -> branch);
        handler = new LedgerHandler(transactions, fake(InDoubtBranches.class, (proxy, method, args) -> null), data);
    }

    private String ask(String request) throws SQLException {
        answers.clear();
        handler.handle(client, request);
        assertEquals(request + " is answered with one line", 1, answers.size());
        return (String) answers.get(0);
    }

    /** @return every journal entry in order, as {@code gid account cents} */
    private List<String> journal() throws SQLException {
        List<String> entries = new ArrayList<>();
        try (java.sql.Connection c = data.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT gid, account, cents FROM " + Accounts.JOURNAL + " ORDER BY id")) {
            while (r.next()) {
                entries.add(r.getString(1) + " " + r.getString(2) + " " + r.getLong(3));
            }
        }
        return entries;
    }

    @Test
    public void aTransferOutsideABranchMovesTheMoneyAndJournalsBothSidesWithoutAGlobalId() throws SQLException {
        assertEquals("OK 1000\n", ask("CREDIT alice 1000"));
        assertEquals("the new balances of payer and payee", "OK 750 250\n", ask("TRANSFER alice bob 250"));
        assertEquals("OK 750\n", ask("BALANCE alice"));
        assertEquals("OK 250\n", ask("BALANCE bob"));
        assertEquals(List.of("null alice 1000", "null alice -250", "null bob 250"), journal());
        assertEquals(null, client.closedBecause());
    }

    @Test
    public void aDebitOrTransferFromAnAccountThatDoesNotExistIsRefusedAsSuchAndChangesNothing() throws SQLException {
        assertEquals("OK 100\n", ask("CREDIT alice 100"));
        assertEquals("ERR no account carol\n", ask("DEBIT carol 5"));
        assertEquals("ERR no account carol\n", ask("TRANSFER carol alice 5"));
        assertEquals("an account that exists but cannot cover it is told apart", "ERR insufficient funds in alice\n",
                ask("TRANSFER alice bob 101"));
        assertEquals("OK 100\n", ask("BALANCE alice"));
        assertEquals("ERR no account carol\n", ask("BALANCE carol"));
        assertEquals("the refused payee was never credited", "ERR no account bob\n", ask("BALANCE bob"));
        assertEquals(List.of("null alice 100"), journal());
    }

    @Test
    public void aBeginWithoutAnIdAnswersTheIdTheBranchGenerated() throws SQLException {
        assertEquals("OK BEGIN " + GENERATED_ID + "\n", ask("BEGIN"));
    }
}
