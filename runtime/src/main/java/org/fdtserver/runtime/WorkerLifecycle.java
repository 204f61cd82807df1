package org.fdtserver.runtime;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the worker's state; the one place it moves. */
final class WorkerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLifecycle.class);

    private final AtomicReference<WorkerState> state = new AtomicReference<>(WorkerState.STARTING);

    /** @return the current state */
    WorkerState state() {
        return state.get();
    }

    /**
     * Moves to {@code next} if that is a legal move from the current state.
     *
     * @param next the state to enter
     * @return whether this call made the move (false: illegal from here, or another thread moved first)
     */
    boolean moveTo(WorkerState next) {
        while (true) {
            WorkerState current = state.get();
            if (!current.canMoveTo(next)) {
                return false;
            }
            if (state.compareAndSet(current, next)) {
                LOG.info("worker {} -> {}", current, next);
                return true;
            }
        }
    }
}
