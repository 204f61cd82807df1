package org.fdtserver.transaction.internal;

import java.sql.SQLException;
import javax.sql.XAConnection;
import javax.transaction.xa.XAException;

/**
 * Database sessions for resolution: phase two of a prepared branch, listing prepared branches
 * and committing or rolling them back (RECOVER, COMMIT-PREPARED, ROLLBACK-PREPARED, the shell's
 * fdt:indoubt, fdt:commit and fdt:rollback). Resolution never waits behind application work: it
 * takes an idle application session if one is free at once, and otherwise the worker's reserved
 * session, outside {@code database.pool_size}, that only resolution uses (so it waits at most
 * behind other resolution, one statement each). A prepared transaction may be finished from any
 * session of the same role and database.
 */
final class ResolutionSessions {

    /** Work on one session. */
    @FunctionalInterface
    interface Work<T> {
        /**
         * @param session an idle session, given back after
         * @return the result
         */
        T on(XAConnection session) throws SQLException, XAException;
    }

    private final XaPool application;
    private final XaPool reserved;

    /**
     * @param application the worker's application sessions
     * @param reserved the pool of the one session only resolution uses
     */
    ResolutionSessions(XaPool application, XaPool reserved) {
        this.application = application;
        this.reserved = reserved;
    }

    /**
     * @param work what to run
     * @return its result
     * @throws SQLException if no session can be had, or from the work
     * @throws XAException from the work
     */
    <T> T run(Work<T> work) throws SQLException, XAException {
        XaPool from = application;
        XAConnection session = application.tryBorrow();
        if (session == null) {
            from = reserved;
            session = reserved.borrow();
        }
        try {
            T result = work.on(session);
            from.release(session);
            return result;
        } catch (SQLException | XAException | RuntimeException e) {
            from.releaseAfterFailure(session);
            throw e;
        }
    }
}
