package org.fdtserver.runtime;

import java.util.EnumSet;
import java.util.Set;

/**
 * The worker's lifecycle: {@code STARTING → READY → DRAINING → EXITED}, or {@code STARTING →
 * DRAINING} (asked to drain before it was ready), or {@code STARTING → FAILED}.
 */
public enum WorkerState {
    /** Booting the framework and the bundles. */
    STARTING,
    /** Every bundle active and every listener accepting. */
    READY,
    /** Not accepting; finishing open connections. */
    DRAINING,
    /** Drained and stopped. */
    EXITED,
    /** Boot failed. */
    FAILED;

    private Set<WorkerState> successors;

    static {
        STARTING.successors = EnumSet.of(READY, DRAINING, FAILED);
        READY.successors = EnumSet.of(DRAINING);
        DRAINING.successors = EnumSet.of(EXITED);
        EXITED.successors = EnumSet.noneOf(WorkerState.class);
        FAILED.successors = EnumSet.noneOf(WorkerState.class);
    }

    /** @return whether the lifecycle allows a move from this state to {@code next} */
    public boolean canMoveTo(WorkerState next) {
        return successors.contains(next);
    }
}
