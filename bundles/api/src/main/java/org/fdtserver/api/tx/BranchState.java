package org.fdtserver.api.tx;

/**
 * Where a connection's branch stands. Legal moves: NONE to ACTIVE; ACTIVE to PREPARED, COMMITTED
 * (one-phase) or ROLLED_BACK; PREPARED to COMMITTED or ROLLED_BACK. COMMITTED and ROLLED_BACK
 * are final for that branch; the connection may then begin a new one.
 */
public enum BranchState {
    /** No branch begun on this connection yet. */
    NONE,
    /** Begun: work is being done; rolled back if the connection closes. */
    ACTIVE,
    /** Phase one done: durable in the database and kept if the connection closes. */
    PREPARED,
    /** Committed. */
    COMMITTED,
    /** Rolled back. */
    ROLLED_BACK;

    /** @return whether the branch is over */
    public boolean isFinal() {
        return this == COMMITTED || this == ROLLED_BACK;
    }
}
