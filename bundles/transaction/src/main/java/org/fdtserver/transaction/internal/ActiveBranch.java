package org.fdtserver.transaction.internal;

import java.sql.SQLException;
import javax.transaction.SystemException;
import javax.transaction.Transaction;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.fdtserver.api.tx.TransactionException;

/**
 * What a branch holds from begin to PREPARE: its transaction, imported into the Aries manager
 * under the branch's global xid, and the {@link PinnedSession} its one resource runs on. It
 * attaches the transaction to the threads that do its work and ends it through Geronimo's
 * {@code XidImporter} (phase one, one-phase commit, rollback); phase two is not the manager's
 * (see {@link PhaseTwo}). Used under its branch's lock.
 */
final class ActiveBranch {

    private final BranchServices services;
    private final Transaction tx;
    private final Xid branchXid;
    private final PinnedSession session;
    private final long startedNanos = System.nanoTime();

    private ActiveBranch(BranchServices services, Transaction tx, Xid branchXid, PinnedSession session) {
        this.services = services;
        this.tx = tx;
        this.branchXid = branchXid;
        this.session = session;
    }

    /**
     * Takes a session from the pool, imports {@code global} and starts its branch on the session.
     *
     * @throws TransactionException if there is no session, or the manager or the database refused
     *     the branch (a session taken is closed then)
     */
    static ActiveBranch begin(BranchServices services, Xid global) {
        PinnedSession session;
        try {
            session = PinnedSession.borrow(services.database().pool());
        } catch (SQLException e) {
            throw new TransactionException("cannot begin: " + DatabaseErrors.describe(e), e);
        }
        try {
            return start(services, global, session);
        } catch (Exception e) {
            session.discard();
            throw e instanceof TransactionException t ? t : new TransactionException("cannot begin: " + DatabaseErrors.describe(e), e);
        }
    }

    private static ActiveBranch start(BranchServices services, Xid global, PinnedSession session) throws Exception {
        Transaction imported = services.importer().importXid(global, services.database().timeoutMillis() + 60_000);
        CapturingXaResource res = new CapturingXaResource(session.xaResource());
        if (!imported.enlistResource(res)) {
            throw new TransactionException("cannot begin: the database refused to start the branch");
        }
        session.open();
        return new ActiveBranch(services, imported, res.started(), session);
    }

    /** @return the manager's transaction */
    Transaction transaction() {
        return tx;
    }

    /** @return the branch xid the manager started the resource with, which PostgreSQL prepares under */
    Xid branchXid() {
        return branchXid;
    }

    /** @return the session the branch's work runs on */
    PinnedSession session() {
        return session;
    }

    /** @return whether the branch began more than {@code millis} ago */
    boolean olderThan(long millis) {
        return System.nanoTime() - startedNanos > millis * 1_000_000;
    }

    /** @param connectionId whose transaction it is, for the error (no text is built on this per-message path) */
    void resume(long connectionId) {
        try {
            services.tm().resume(tx);
        } catch (Exception e) {
            throw new TransactionException("cannot resume the transaction of connection " + connectionId + ": " + e, e);
        }
    }

    /** Detaches the transaction from this thread, if it is attached: each verb that ends it does so first. */
    private void detach() {
        try {
            if (services.tm().getTransaction() == tx) {
                services.tm().suspend();
            }
        } catch (SystemException e) {
            throw new TransactionException("cannot suspend the transaction: " + e, e);
        }
    }

    /**
     * Phase one. Whether the resource answers {@link XAResource#XA_OK} or {@link XAResource#XA_RDONLY},
     * the branch is prepared: pgjdbc runs PREPARE TRANSACTION for every branch, and from 42.7.10
     * answers XA_RDONLY for a read-only session all the same.
     */
    void prepare() throws XAException {
        detach();
        services.importer().prepare(tx);
    }

    void commitOnePhase() throws XAException {
        detach();
        services.importer().commit(tx, true);
    }

    void rollback() throws XAException {
        detach();
        services.importer().rollback(tx);
    }

    /** The branch no longer holds the session: it goes back to the pool, kept only if {@code healthy}. */
    void end(boolean healthy) {
        services.registry().untrack(tx);
        session.end(healthy);
    }
}
