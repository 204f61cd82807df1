package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.fdtserver.api.tx.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's branch: its state, moved only in {@link #moveTo}, and the
 * {@link ActiveBranch} it holds from begin to PREPARE (PostgreSQL supports neither suspend nor
 * interleaving, and must prepare on the session that did the work; a prepared transaction is
 * detached from its session, so the session goes back to the pool then; {@link PhaseTwo} runs on
 * any). Methods are synchronized: the connection's own units of work call them one at a time, but
 * a closing bundle may abandon the branch from another thread.
 *
 * <p>Work meant for the branch never commits on its own: while PREPARED, and after a session
 * that died while ACTIVE (noticed before the next unit of work, {@link PinnedSession#stillUsable}),
 * the connection's SQL is refused until phase two, a rollback or a new branch.
 */
final class ConnectionBranch implements Branch {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBranch.class);
    /** The {@link #reason()} of an ACTIVE branch whose session died. */
    static final String SESSION_LOST = "its database session was lost";

    private final org.fdtserver.api.Connection client;
    private final BranchServices services;
    private BranchState state = BranchState.NONE;
    private String globalId;
    /** What the branch holds while ACTIVE, or null. */
    private ActiveBranch active;
    private Xid branchXid;
    /** The database's id of the transaction ({@code txid_current()}), read before PREPARE. */
    private long txid;
    /** Why the branch ended when this connection did not end it itself, or null. */
    private String reason;
    /** Whether the connection's work is refused: its ACTIVE branch ended without the connection asking. */
    private boolean refusesWork;

    ConnectionBranch(org.fdtserver.api.Connection client, BranchServices services) {
        this.client = client;
        this.services = services;
    }

    @Override
    public synchronized BranchState state() {
        return state;
    }

    @Override
    public synchronized Optional<String> globalId() {
        return Optional.ofNullable(globalId);
    }

    @Override
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public synchronized Optional<String> branchId() {
        return branchXid == null ? Optional.empty() : Optional.of(BranchIds.gid(branchXid));
    }

    @Override
    public String begin() {
        String fresh = BranchIds.freshGlobalId();
        begin(fresh);
        return fresh;
    }

    @Override
    public synchronized void begin(String id) {
        if (!state.canMoveTo(BranchState.ACTIVE)) {
            throw new TransactionException("a transaction is already " + state + " on this connection");
        }
        active = ActiveBranch.begin(services, services.ids().newGlobalXid(id));
        branchXid = active.branchXid();
        this.globalId = id;
        this.reason = null;
        this.refusesWork = false;
        moveTo(BranchState.ACTIVE, "begun");
        services.registry().track(active.transaction(), this);
        // begin runs inside a unit of work that started with no branch: attach it now so the
        // rest of this unit's SQL takes part; the unit's end suspends it.
        try {
            resumeOnThread();
        } catch (TransactionException e) {
            rollbackActive("it could not join the unit of work"); // the client hears that begin failed
            throw e;
        }
    }

    @Override
    public synchronized Vote prepare() {
        requireState("prepare", BranchState.ACTIVE);
        if (active.session().aborted()) {
            // PostgreSQL answers PREPARE TRANSACTION of an aborted transaction with a silent
            // ROLLBACK and pgjdbc reports success: voting YES would tell the coordinator that work
            // which is already gone will commit.
            return votedNo("a statement in it failed, so the database aborted it");
        }
        try {
            txid = active.session().transactionId();
        } catch (SQLException e) {
            return votedNo(DatabaseErrors.describe(e));
        }
        return phaseOne();
    }

    /**
     * PREPARE through the manager: a failed one leaves nothing prepared, and the session's state after
     * it is not trusted. One that succeeds has prepared, so the vote is never READ_ONLY (see {@link ActiveBranch#prepare}).
     */
    private Vote phaseOne() {
        try {
            active.prepare();
        } catch (XAException e) {
            LOG.info("branch {} of {} voted no: {}", BranchIds.gid(branchXid), globalId, DatabaseErrors.describe(e));
            finish(BranchState.ROLLED_BACK, false, "PREPARE failed");
            return Vote.NO;
        }
        // PostgreSQL has detached the prepared transaction from the session: phase two runs on any.
        finish(BranchState.PREPARED, true, "voted yes");
        return Vote.YES;
    }

    private Vote votedNo(String why) {
        LOG.info("branch {} of {} voted no: {}", BranchIds.gid(branchXid), globalId, why);
        rollbackActive("voted no");
        return Vote.NO;
    }

    @Override
    public synchronized void commit() {
        if (state == BranchState.ACTIVE) {
            commitOnePhase();
            return;
        }
        requireState("commit", BranchState.PREPARED);
        phaseTwo(true);
    }

    private void commitOnePhase() {
        try {
            active.commitOnePhase();
        } catch (XAException e) {
            finish(BranchState.ROLLED_BACK, false, "one-phase commit failed");
            throw new TransactionException("commit failed and the transaction was rolled back: "
                    + DatabaseErrors.describe(e), e);
        }
        finish(BranchState.COMMITTED, true, "one-phase commit");
    }

    @Override
    public synchronized void rollback() {
        if (state == BranchState.ACTIVE) {
            rollbackActive("rollback");
            return;
        }
        if (refusesWork) {
            refusesWork = false; // the connection has heard that its branch was rolled back
            return;
        }
        requireState("roll back", BranchState.PREPARED);
        phaseTwo(false);
    }

    /** Finishes the prepared branch at the resource; when someone else has, learns which way it went. */
    private void phaseTwo(boolean commit) {
        PhaseTwo.Outcome outcome = services.phaseTwo().finish(branchXid, txid, commit);
        if (outcome.here()) {
            finish(outcome.state(), true, "phase two");
            return;
        }
        reason = outcome.elsewhere();
        LOG.info("branch {} of {} on connection {} was {}", BranchIds.gid(branchXid), globalId, client.id(), reason);
        finish(outcome.state(), true, reason);
        throw new TransactionException("cannot " + PhaseTwo.verb(commit) + ": the branch is no longer prepared: it was " + reason);
    }

    /** The connection is gone or the worker stops: an ACTIVE branch rolls back, a PREPARED one stays in doubt. */
    synchronized void abandon(String why) {
        if (state == BranchState.ACTIVE) {
            LOG.info("rolling back branch of {} on connection {}: {}", globalId, client.id(), why);
            rollbackActive("connection " + why);
        } else if (state == BranchState.PREPARED) {
            LOG.warn("connection {} {} with branch {} of {} PREPARED: it stays prepared, in doubt, until resolved",
                    client.id(), why, BranchIds.gid(branchXid), globalId);
        }
    }

    /** @return whether the branch is ACTIVE and older than the timeout */
    synchronized boolean isActiveLongerThan(long millis) {
        return state == BranchState.ACTIVE && active.olderThan(millis);
    }

    /** Before a unit of work: an ACTIVE branch whose session died is ended, else attached to the thread. */
    synchronized void beforeWork() {
        if (state == BranchState.ACTIVE && !active.session().stillUsable()) {
            lost();
            return;
        }
        resumeOnThread();
    }

    /** After a unit of work: a statement that failed because the session died has closed it. */
    synchronized void afterWork() {
        if (state == BranchState.ACTIVE && !active.session().workEnded()) {
            lost();
        }
    }

    /**
     * For SQL of the served connection with no branch on the thread, which would commit on its own.
     * @throws SQLException if the branch is PREPARED, or its ACTIVE branch ended unasked
     */
    synchronized void refuseWorkIfEnded() throws SQLException {
        if (state == BranchState.PREPARED) {
            throw new SQLException("the connection's transaction is PREPARED; commit or roll it back before more work",
                    "25000");
        }
        if (refusesWork) {
            throw new SQLException("the connection's transaction was rolled back (" + reason
                    + "); roll it back or begin a new one before more work", "40000");
        }
    }

    /** The ACTIVE branch's session died, and the database rolled the transaction back with it. */
    private void lost() {
        LOG.warn("branch {} of {} on connection {}: its database session was lost, so the database rolled it back",
                BranchIds.gid(branchXid), globalId, client.id());
        rollbackActive(SESSION_LOST);
        reason = SESSION_LOST;
        refusesWork = true;
    }

    /** Attaches the branch to the current thread if it is ACTIVE. */
    synchronized void resumeOnThread() {
        if (state == BranchState.ACTIVE) {
            active.resume(client.id());
        }
    }

    /** @return a handle on the pinned session that ignores close, while ACTIVE; one per branch, made on first use */
    synchronized Connection sqlConnection() throws SQLException {
        if (state != BranchState.ACTIVE) {
            throw new SQLException("the connection's transaction is " + state + "; no more work can join it");
        }
        return active.session().handlerView();
    }

    private void rollbackActive(String why) {
        try {
            active.rollback();
            // Aries swallows a resource's rollback error, so a session that died (killed backend,
            // lost socket) looks rolled back: only a live one may go back to the pool.
            finish(BranchState.ROLLED_BACK, active.session().alive(), why);
        } catch (XAException e) {
            LOG.warn("rollback of branch {} failed: {}; closing its session, which rolls it back",
                    BranchIds.gid(branchXid), DatabaseErrors.describe(e));
            finish(BranchState.ROLLED_BACK, false, why + "; the rollback failed");
        }
    }

    /** Moves to {@code next}, and an ACTIVE branch's session goes back to the pool, kept only if {@code healthy}. */
    private void finish(BranchState next, boolean healthy, String why) {
        moveTo(next, why);
        if (active != null) {
            active.end(healthy);
            active = null;
        }
    }

    private void requireState(String what, BranchState required) {
        if (state != required) {
            throw new TransactionException("cannot " + what + ": the transaction is " + state
                    + (reason == null ? "" : " (" + reason + ")") + ", not " + required);
        }
    }

    /** The one place the state moves, under the branch's lock; an illegal move is a bug here (package-private for its test). */
    void moveTo(BranchState next, String why) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("branch of " + globalId + " on connection " + client.id() + " cannot move from "
                    + state + " to " + next + ": " + why);
        }
        LOG.debug("branch of {} on connection {}: {} -> {}: {}", globalId, client.id(), state, next, why);
        state = next;
    }
}
