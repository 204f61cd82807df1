package org.fdtserver.launcher.supervisor;

import java.util.Set;

/** A worker's lifecycle: STARTING → READY → DRAINING → EXITED, or FAILED. */
public enum WorkerState {
    /** Spawned; booting Felix and its bundles. */
    STARTING,
    /** Every bundle active and every listener accepting. */
    READY,
    /** Stopped accepting; finishing its connections. */
    DRAINING,
    /** Reaped after an exit the launcher asked for. */
    EXITED,
    /** Reported a boot failure, died unexpectedly, or was killed for silence. */
    FAILED;

    /**
     * @param next the state to move to
     * @return true if the lifecycle allows that move
     */
    boolean canMoveTo(WorkerState next) {
        return switch (this) {
            case STARTING -> Set.of(READY, DRAINING, EXITED, FAILED).contains(next);
            case READY -> Set.of(DRAINING, EXITED, FAILED).contains(next);
            case DRAINING -> next == EXITED;
            case EXITED, FAILED -> false;
        };
    }
}
