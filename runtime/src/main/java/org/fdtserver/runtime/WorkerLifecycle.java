package org.fdtserver.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.fdtserver.runtime.protocol.WorkerState;

/**
 * Holds the worker's state; the one place it moves. The worker's main thread makes every move;
 * the launcher link's reader only reads the state, hence volatile.
 */
final class WorkerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLifecycle.class);

    private volatile WorkerState state = WorkerState.STARTING;

    /** @return the current state */
    WorkerState state() {
        return state;
    }

    /**
     * Moves to {@code next} and logs why.
     *
     * @param next the state to enter
     * @param why the reason, for the log
     * @throws IllegalStateException if the lifecycle does not allow the move: the caller has a bug
     */
    synchronized void moveTo(WorkerState next, String why) {
        WorkerState current = state;
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("worker cannot move " + current + " -> " + next + ": " + why);
        }
        LOG.info("worker {} -> {}: {}", current, next, why);
        state = next;
    }
}
