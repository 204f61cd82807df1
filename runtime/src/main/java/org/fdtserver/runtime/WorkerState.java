package org.fdtserver.runtime;

import java.util.EnumSet;
import java.util.Set;

/** The worker's lifecycle: {@code STARTING → READY → DRAINING → EXITED}, or {@code FAILED}. */
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

    /**
     * @param next the state asked for
     * @return whether a worker in this state may move to {@code next}
     */
    public boolean canMoveTo(WorkerState next) {
        return successors().contains(next);
    }

    private Set<WorkerState> successors() {
        switch (this) {
            case STARTING:
                return EnumSet.of(READY, DRAINING, FAILED);
            case READY:
                return EnumSet.of(DRAINING);
            case DRAINING:
                return EnumSet.of(EXITED);
            default:
                return EnumSet.noneOf(WorkerState.class);
        }
    }
}
