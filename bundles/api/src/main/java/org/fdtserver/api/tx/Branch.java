package org.fdtserver.api.tx;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One client connection's branch of a distributed transaction. Call it only from the
 * connection's own handler calls (they run one at a time); the branch is resumed on the pool
 * thread for each of them, so SQL through the {@code DataSource} service takes part in it.
 */
@ProviderType
public interface Branch {

    /** The longest global transaction id a client may supply. */
    int MAX_GLOBAL_ID_LENGTH = 32;

    /** @return the state now */
    BranchState state();

    /** @return the client's global transaction id of the current or last branch, if any */
    Optional<String> globalId();

    /**
     * Why the current or last branch ended the way it did when this connection did not end it
     * itself: its database session was lost (the database rolled it back), or it was committed or
     * rolled back from elsewhere while prepared. While an ACTIVE branch that ended so has not been
     * acknowledged with {@link #rollback()} or a new {@link #begin}, SQL through the
     * {@code DataSource} service is refused for the connection, so work meant for the branch never
     * commits on its own.
     *
     * @return the reason, if the branch ended without this connection asking; empty otherwise
     * @since 1.1
     */
    Optional<String> reason();

    /**
     * @return the branch's id in the database ({@code pg_prepared_xacts.gid}) once begun; it
     *     names this server's branch of the global transaction
     */
    Optional<String> branchId();

    /**
     * Begins a branch of the client's global transaction.
     *
     * @param globalId the client's global transaction id: 1 to {@value #MAX_GLOBAL_ID_LENGTH}
     *     characters from {@code A-Z a-z 0-9 . _ : -}
     * @throws TransactionException if a branch is ACTIVE or PREPARED, the id is malformed, or the
     *     database cannot be reached
     */
    void begin(String globalId);

    /**
     * Begins a branch with a fresh global id.
     *
     * @return the fresh global id
     * @throws TransactionException as {@link #begin(String)}
     */
    String begin();

    /**
     * Phase one: ends the branch's work and prepares it in the database. After {@link Vote#YES}
     * the branch survives this connection, this worker and its generation.
     *
     * @return the vote; {@link Vote#NO} means it has been rolled back
     * @throws TransactionException if the branch is not ACTIVE
     */
    Vote prepare();

    /**
     * Commits: one-phase when ACTIVE, phase two when PREPARED.
     *
     * @throws TransactionException if there is nothing to commit, or the commit failed (a
     *     one-phase commit that fails has been rolled back)
     */
    void commit();

    /**
     * Rolls back an ACTIVE or PREPARED branch, or acknowledges an ACTIVE branch that ended
     * without this connection asking (see {@link #reason()}).
     *
     * @throws TransactionException if there is nothing to roll back
     */
    void rollback();
}
