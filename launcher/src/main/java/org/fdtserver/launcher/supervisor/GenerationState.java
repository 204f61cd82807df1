package org.fdtserver.launcher.supervisor;

import java.util.EnumSet;
import java.util.Set;

/** A generation's lifecycle: STARTING → SERVING → DRAINING → GONE, or STARTING → ABORTED. */
public enum GenerationState {
    /** Workers are booting. */
    STARTING,
    /** Every worker was ready at once; the generation serves. */
    SERVING,
    /** Its workers are finishing their connections. */
    DRAINING,
    /** Every worker has exited. */
    GONE,
    /** Never became ready; its workers were halted. */
    ABORTED;

    private Set<GenerationState> successors;

    static {
        STARTING.successors = EnumSet.of(SERVING, ABORTED);
        SERVING.successors = EnumSet.of(DRAINING);
        DRAINING.successors = EnumSet.of(GONE);
        GONE.successors = EnumSet.noneOf(GenerationState.class);
        ABORTED.successors = EnumSet.noneOf(GenerationState.class);
    }

    /** @return whether the lifecycle allows a move from this state to {@code next} */
    public boolean canMoveTo(GenerationState next) {
        return successors.contains(next);
    }

    /** @return true for STARTING and SERVING: its workers accept, or are about to */
    boolean live() {
        return this == STARTING || this == SERVING;
    }

    /** @return true for GONE and ABORTED: nothing more happens to it */
    boolean ended() {
        return successors.isEmpty();
    }
}
