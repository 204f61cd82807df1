package org.fdtserver.runtime.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * A worker's lifecycle: STARTING → READY → DRAINING → EXITED; any state but EXITED can end
 * FAILED, and a worker can drain or exit before it was ever READY. One vocabulary for both sides
 * of the control socket: the worker moves itself through STARTING → READY → DRAINING → EXITED,
 * or STARTING → FAILED when its boot fails, and reports each step; the launcher follows the
 * reports and also sees what the worker cannot tell (an unexpected death, a kill for silence:
 * FAILED from any state, an exit before READY), which {@code fdtserver status} shows.
 */
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

    private Set<WorkerState> successors;

    static {
        STARTING.successors = EnumSet.of(READY, DRAINING, EXITED, FAILED);
        READY.successors = EnumSet.of(DRAINING, EXITED, FAILED);
        DRAINING.successors = EnumSet.of(EXITED, FAILED);
        EXITED.successors = EnumSet.noneOf(WorkerState.class);
        FAILED.successors = EnumSet.noneOf(WorkerState.class);
    }

    /** @return whether the lifecycle allows a move from this state to {@code next} */
    public boolean canMoveTo(WorkerState next) {
        return successors.contains(next);
    }
}
