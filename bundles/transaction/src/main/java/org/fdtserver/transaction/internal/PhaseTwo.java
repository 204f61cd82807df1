package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.XAConnection;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;

/**
 * Phase two of a prepared branch, at the resource on a resolution session (Aries 1.3.3 throws on
 * rolling back a prepared imported branch and has already dropped it by then). When the branch
 * is no longer prepared there (someone resolved it from another connection), its transaction
 * id, read before PREPARE, tells which way it went.
 */
final class PhaseTwo {

    /** What phase two found: the branch's outcome, and whether this call made it. */
    record Outcome(BranchState state, boolean here) {
        /** @return how someone else finished the branch, as the client is told */
        String elsewhere() {
            return (state == BranchState.COMMITTED ? "committed" : "rolled back") + " elsewhere";
        }
    }

    private final ResolutionSessions sessions;

    PhaseTwo(ResolutionSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * @param xid the prepared branch
     * @param txid its transaction's id in the database
     * @param commit whether to commit it, else roll it back
     * @return the branch's outcome
     * @throws TransactionException if the resource failed, no session could be had or the outcome
     *     not learnt: the branch stays prepared
     */
    Outcome finish(Xid xid, long txid, boolean commit) {
        try {
            return sessions.run(session -> outcome(session, xid, txid, commit));
        } catch (XAException | SQLException e) {
            throw new TransactionException("cannot " + verb(commit) + " the prepared branch: "
                    + DatabaseErrors.describe(e) + "; it stays prepared", e);
        }
    }

    /** @return what the client asked for, in the words of its errors */
    static String verb(boolean commit) {
        return commit ? "commit" : "roll back";
    }

    /** Finishes the branch on {@code session}; when it is no longer prepared there, learns its outcome. */
    private static Outcome outcome(XAConnection session, Xid xid, long txid, boolean commit) throws XAException, SQLException {
        try {
            complete(session.getXAResource(), xid, commit);
            return new Outcome(commit ? BranchState.COMMITTED : BranchState.ROLLED_BACK, true);
        } catch (XAException e) {
            if (!isGone(e)) {
                throw e;
            }
            return new Outcome(outcomeOf(transactionStatus(session, txid)), false);
        }
    }

    /** Commits or rolls back the prepared branch {@code xid} on {@code xa}. */
    static void complete(XAResource xa, Xid xid, boolean commit) throws XAException {
        if (commit) {
            xa.commit(xid, false);
        } else {
            xa.rollback(xid);
        }
    }

    private static String transactionStatus(XAConnection session, long txid) throws SQLException {
        try (Connection c = session.getConnection(); PreparedStatement s = c.prepareStatement("SELECT txid_status(?)")) {
            s.setLong(1, txid);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    /**
     * @param txidStatus what {@code txid_status} says of a transaction that is no longer prepared
     * @return its outcome
     * @throws TransactionException when it is not known (PostgreSQL no longer keeps the status of very old transactions)
     */
    static BranchState outcomeOf(String txidStatus) {
        if ("committed".equals(txidStatus)) {
            return BranchState.COMMITTED;
        }
        if ("aborted".equals(txidStatus)) {
            return BranchState.ROLLED_BACK;
        }
        throw new TransactionException("the branch is no longer prepared and its outcome is not known (txid_status: "
                + txidStatus + "); it stays PREPARED here");
    }

    /**
     * Whether phase two failed because the branch is not prepared (any more). pgjdbc reports that
     * as XAER_RMERR caused by SQL state 42704 ("prepared transaction ... does not exist"), not as
     * XAER_NOTA.
     */
    static boolean isGone(XAException e) {
        if (e.errorCode == XAException.XAER_NOTA) {
            return true;
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException sql && "42704".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
