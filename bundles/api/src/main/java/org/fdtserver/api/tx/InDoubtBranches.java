package org.fdtserver.api.tx;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Lists and resolves prepared branches in the configured database, from any worker of any
 * generation. Nothing is ever resolved automatically: only a coordinator (or an operator acting
 * for it) knows whether the global transaction committed.
 */
@ProviderType
public interface InDoubtBranches {

    /**
     * @return every prepared branch in the database, oldest first, including branches whose
     *     connection is still open and has not yet sent phase two
     * @throws TransactionException if the database cannot be reached
     */
    List<InDoubtBranch> list();

    /**
     * Commits the prepared branches named by {@code id}.
     *
     * @param id a branch id ({@code pg_prepared_xacts.gid}) or a client's global transaction id
     * @return how many branches were committed (one, unless the client reused its global id)
     * @throws TransactionException if no prepared branch matches, or the commit fails
     */
    int commit(String id);

    /**
     * Rolls back the prepared branches named by {@code id}.
     *
     * @param id a branch id or a client's global transaction id
     * @return how many branches were rolled back
     * @throws TransactionException if no prepared branch matches, or the rollback fails
     */
    int rollback(String id);
}
