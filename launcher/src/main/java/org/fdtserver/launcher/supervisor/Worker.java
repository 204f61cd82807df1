package org.fdtserver.launcher.supervisor;

import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.launcher.process.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One worker process as the supervisor knows it; only the supervisor thread touches it. */
final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    final Generation generation;
    final int slot;
    final long pid;
    final long startedAtMillis;

    private WorkerState state = WorkerState.STARTING;
    ControlConnection connection;
    long lastHeartbeatMillis;
    int connections;
    int busyThreads;
    int poolThreads;
    /** The launcher asked it to stop (DRAIN, HALT or SIGTERM), so its exit is not a crash. */
    boolean stopRequested;
    /** When to SIGKILL it if it is still alive; 0 for never. */
    long killAtMillis;
    boolean killed;
    /** It reported READY at some point, so its death is not a failed start. */
    boolean becameReady;
    String failureReason;
    ExitStatus exit;

    Worker(Generation generation, int slot, long pid, long startedAtMillis) {
        this.generation = generation;
        this.slot = slot;
        this.pid = pid;
        this.startedAtMillis = startedAtMillis;
        this.lastHeartbeatMillis = startedAtMillis;
    }

    /** @return {@code generation.slot} */
    String id() {
        return generation.number + "." + slot;
    }

    WorkerState state() {
        return state;
    }

    boolean alive() {
        return exit == null;
    }

    /**
     * The one place a worker's state changes. Callers decide first whether a late or repeated
     * message still moves it, so an illegal move here is a launcher bug.
     *
     * @throws IllegalStateException if the lifecycle does not allow the move
     */
    void moveTo(WorkerState next, String why) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(this + ": no move " + state + " -> " + next + " (" + why + ")");
        }
        LOG.info("worker {} (pid {}) {} -> {}: {}", id(), pid, state, next, why);
        state = next;
    }

    @Override
    public String toString() {
        return "worker " + id() + " (pid " + pid + ")";
    }
}
