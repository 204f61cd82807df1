package org.fdtserver.example.ledger;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.ConnectionTransactions;
import org.fdtserver.api.tx.InDoubtBranch;
import org.fdtserver.api.tx.InDoubtBranches;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Serves the {@code ledger} listener: one request line in, one answer line out ({@code OK ...}
 * or {@code ERR ...}; RECOVER sends one {@code INDOUBT} line per branch first). Work between
 * BEGIN and COMMIT/ROLLBACK is this connection's branch; outside a branch each request commits
 * on its own. A draining worker lets a connection that holds a branch finish it first.
 */
@Component(property = ProtocolHandler.LISTENER + "=ledger")
public final class LedgerHandler implements ProtocolHandler {

    private final ConnectionTransactions transactions;
    private final InDoubtBranches inDoubt;
    private final Accounts accounts;

    /**
     * @param transactions the connections' branches
     * @param inDoubt in-doubt listing and resolution
     * @param data the database
     * @throws SQLException if the schema cannot be created
     */
    @Activate
    public LedgerHandler(@Reference ConnectionTransactions transactions, @Reference InDoubtBranches inDoubt,
            @Reference(target = "(fdt.datasource=default)") DataSource data) throws SQLException {
        this.transactions = transactions;
        this.inDoubt = inDoubt;
        this.accounts = new Accounts(data);
        accounts.createSchema();
    }

    @Override
    public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        pipeline.addLast("lines", new LineBasedFrameDecoder(context.maxFrameLength()));
        pipeline.addLast("utf8-decoder", new StringDecoder(StandardCharsets.UTF_8));
        pipeline.addLast("utf8-encoder", new StringEncoder(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(Connection connection, Object message) throws SQLException {
        String answer;
        try {
            answer = answer(connection, Request.parse((String) message));
        } catch (Request.BadRequest | Accounts.Refused | TransactionException e) {
            answer = "ERR " + e.getMessage();
        } catch (SQLException e) {
            answer = databaseError(e);
        }
        connection.write(answer + "\n");
        if (connection.isDraining() && !holdsBranch(connection)) {
            connection.close("worker draining; its transaction is finished");
        }
    }

    /**
     * The database refused the statement (inside a branch, PostgreSQL has aborted it), or could not
     * be reached: SQL state class 08, connection exception.
     */
    private static String databaseError(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return "ERR database unavailable (SQL state " + state + ")";
        }
        return "ERR database: " + e.getMessage().replace('\n', ' ');
    }

    @Override
    public void draining(Connection connection) {
        if (!holdsBranch(connection)) {
            connection.close("worker draining");
        }
    }

    private boolean holdsBranch(Connection connection) {
        BranchState state = transactions.branch(connection).state();
        return state == BranchState.ACTIVE || state == BranchState.PREPARED;
    }

    private String answer(Connection connection, Request r) throws Request.BadRequest, Accounts.Refused, SQLException {
        Branch branch = transactions.branch(connection);
        switch (r.verb()) {
            case BEGIN:
                if (r.args().isEmpty()) {
                    return "OK BEGIN " + branch.begin();
                }
                branch.begin(r.args().get(0));
                return "OK BEGIN " + r.args().get(0);
            case CREDIT:
                return "OK " + accounts.credit(journalId(branch), r.account(0), r.cents(1));
            case DEBIT:
                return "OK " + accounts.debit(journalId(branch), r.account(0), r.cents(1));
            case TRANSFER:
                long from = accounts.debit(journalId(branch), r.account(0), r.cents(2));
                long to = accounts.credit(journalId(branch), r.account(1), r.cents(2));
                return "OK " + from + " " + to;
            case BALANCE:
                OptionalLong balance = accounts.balance(r.account(0));
                return balance.isPresent() ? "OK " + balance.getAsLong() : "ERR no account " + r.args().get(0);
            case PREPARE:
                Vote vote = branch.prepare();
                return vote == Vote.NO ? "ERR vote no: rolled back" : "OK " + (vote == Vote.YES ? "PREPARED" : "READ-ONLY");
            case COMMIT:
                branch.commit();
                return "OK COMMITTED";
            case ROLLBACK:
                branch.rollback();
                return "OK ROLLED-BACK";
            case RECOVER:
                return recover();
            case COMMIT_PREPARED:
                return "OK COMMITTED " + inDoubt.commit(r.args().get(0));
            case ROLLBACK_PREPARED:
                return "OK ROLLED-BACK " + inDoubt.rollback(r.args().get(0));
            case STATE:
                return "OK " + branch.state() + branch.globalId().map(g -> " " + g).orElse("")
                        + branch.reason().map(why -> " (" + why + ")").orElse("");
            case PANIC:
            default:
                throw new IllegalStateException("PANIC requested by the client: a handler failure, on purpose");
        }
    }

    /** @return the global id the journal records a change under: the branch's while ACTIVE, else none */
    private static String journalId(Branch branch) {
        return branch.state() == BranchState.ACTIVE ? branch.globalId().orElse(null) : null;
    }

    private String recover() {
        List<InDoubtBranch> all = inDoubt.list();
        StringBuilder out = new StringBuilder();
        for (InDoubtBranch b : all) {
            out.append("INDOUBT ").append(b.globalId()).append(' ').append(b.branchId()).append(' ')
                    .append(b.age().toSeconds()).append(' ').append(b.worker()).append('\n');
        }
        return out.append("OK ").append(all.size()).toString();
    }
}
