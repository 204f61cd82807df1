package org.fdtserver.api.tx;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a connection's branch stands. Its lifecycle: {@code NONE → ACTIVE}; {@code ACTIVE →
 * PREPARED}, {@code COMMITTED} (one-phase) or {@code ROLLED_BACK}; {@code PREPARED → COMMITTED}
 * or {@code ROLLED_BACK}. COMMITTED and ROLLED_BACK are final for that branch; the connection may
 * then begin a new one ({@code → ACTIVE}).
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

    private Set<BranchState> successors;

    static {
        NONE.successors = EnumSet.of(ACTIVE);
        ACTIVE.successors = EnumSet.of(PREPARED, COMMITTED, ROLLED_BACK);
        PREPARED.successors = EnumSet.of(COMMITTED, ROLLED_BACK);
        // A finished branch lets the connection begin the next one.
        COMMITTED.successors = EnumSet.of(ACTIVE);
        ROLLED_BACK.successors = EnumSet.of(ACTIVE);
    }

    /** @return whether the branch is over */
    public boolean isFinal() {
        return this == COMMITTED || this == ROLLED_BACK;
    }

    /**
     * @param next a state
     * @return whether the lifecycle allows a move from this state to {@code next}
     * @since 1.2
     */
    public boolean canMoveTo(BranchState next) {
        return successors.contains(next);
    }
}
