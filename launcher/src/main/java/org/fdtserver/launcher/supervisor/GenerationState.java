package org.fdtserver.launcher.supervisor;

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
    /** Never became ready; its workers were killed. */
    ABORTED;

    /**
     * @param next the state to move to
     * @return true if the lifecycle allows that move
     */
    boolean canMoveTo(GenerationState next) {
        return switch (this) {
            case STARTING -> next == SERVING || next == ABORTED;
            case SERVING -> next == DRAINING;
            case DRAINING -> next == GONE;
            case GONE, ABORTED -> false;
        };
    }
}
