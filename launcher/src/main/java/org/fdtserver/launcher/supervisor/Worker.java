package org.fdtserver.launcher.supervisor;

import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.launcher.posix.ExitStatus;
import org.fdtserver.runtime.protocol.ControlMessage.Verb;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.TimingBudgets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.fdtserver.runtime.protocol.WorkerState;

/**
 * One worker process as the supervisor knows it; only the supervisor thread touches it. Each
 * event (a message, a request of the launcher's, its exit) is one intent method that moves its
 * state and its deadlines together and decides whether a late or repeated event still counts.
 */
final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    final Generation generation;
    final int slot;
    final long pid;
    final long startedAtMillis;

    private WorkerState state = WorkerState.STARTING;
    private ControlConnection connection;
    private long lastHeartbeatMillis;
    private int connections;
    private int busyThreads;
    private int poolThreads;
    /** What the launcher asked (DRAIN or HALT, by message or SIGTERM), so its exit is no crash; null if nothing. */
    private Verb asked;
    /** When to SIGKILL it if it is still alive; 0 for never. */
    private long killAtMillis;
    private boolean killed;
    /** It reported READY at some point, so its death is not a failed start. */
    private boolean becameReady;
    private String failureReason;
    private ExitStatus exit;

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

    int connections() {
        return connections;
    }

    int busyThreads() {
        return busyThreads;
    }

    int poolThreads() {
        return poolThreads;
    }

    /** @return how it ended, or null while it runs */
    ExitStatus exitStatus() {
        return exit;
    }

    boolean becameReady() {
        return becameReady;
    }

    // ------------------------------------------------------------------ what the worker says

    /** HELLO: it can hear us now; what it was asked before (by SIGTERM) is said again on the socket. */
    void connected(ControlConnection c, long nowMillis) {
        connection = c;
        lastHeartbeatMillis = nowMillis;
        LOG.debug("{} connected on {}", this, c);
        if (asked != null) {
            c.send(ControlMessage.of(asked));
        }
    }

    /** READY; a late one (it was asked to drain meanwhile) is ignored. */
    void ready(long nowMillis) {
        lastHeartbeatMillis = nowMillis;
        if (!state.canMoveTo(WorkerState.READY)) {
            LOG.debug("{}: late READY while {}; ignored", this, state);
            return;
        }
        becameReady = true;
        moveTo(WorkerState.READY, "all bundles active, listeners accepting");
    }

    /** FAILED: its boot failed; it stops its framework and exits with its own code. */
    void failed(String reason) {
        failureReason = reason;
        LOG.error("{} failed to boot: {}", this, reason);
        if (state.canMoveTo(WorkerState.FAILED)) {
            moveTo(WorkerState.FAILED, "boot failed");
        }
    }

    /** DRAINING: it stopped accepting, as asked or on its own. */
    void draining() {
        if (state.canMoveTo(WorkerState.DRAINING)) {
            moveTo(WorkerState.DRAINING, asked != null ? "as asked" : "on its own");
        }
    }

    /** STATUS {@code <connections> <busy> <pool>}: a heartbeat. */
    void status(String argument, long nowMillis) {
        String[] parts = argument.split(" ");
        try {
            connections = Integer.parseInt(parts[0]);
            busyThreads = Integer.parseInt(parts[1]);
            poolThreads = Integer.parseInt(parts[2]);
        } catch (RuntimeException e) {
            LOG.warn("{}: malformed STATUS '{}'", this, argument);
        }
        lastHeartbeatMillis = nowMillis;
    }

    /** Its control connection closed: not fatal, the heartbeat rule decides whether it is hung. */
    void disconnected() {
        connection = null;
        // A worker on its way out (asked to stop, draining, failed) closes it as it exits: nothing to tell.
        if (asked == null && state != WorkerState.DRAINING && state != WorkerState.FAILED) {
            LOG.info("{} closed its control connection while running", this);
        }
    }

    /**
     * It was reaped.
     *
     * @return true if the launcher had asked it to stop, so its exit is no crash
     */
    boolean exited(ExitStatus status) {
        exit = status;
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (state != WorkerState.FAILED) {
            moveTo(asked != null ? WorkerState.EXITED : WorkerState.FAILED, status.toString());
        }
        return asked != null;
    }

    /** @return why it did not get ready: its own FAILED reason, or how it died */
    String diedBeforeReady(ExitStatus status) {
        return failureReason != null ? failureReason : "died before READY (" + status + ")";
    }

    // ------------------------------------------------------------------ what the launcher asks

    /** Stop accepting and finish its connections; SIGKILL once its drain and framework stop had their time. */
    void askToDrain(long nowMillis, WorkerProcesses processes) {
        if (asked != null && state == WorkerState.DRAINING) {
            return;
        }
        asked = Verb.DRAIN;
        killAtMillis = nowMillis + TimingBudgets.drainKillAfterMillis(generation.plan.config().gracefulTimeout().toMillis());
        if (state.canMoveTo(WorkerState.DRAINING)) {
            moveTo(WorkerState.DRAINING, "launcher asked it to drain");
        }
        if (!tell(Verb.DRAIN)) {
            // Not connected yet (or any more): SIGTERM means the same to a worker.
            processes.terminate(pid);
        }
    }

    /** Exit now; SIGKILL after the margin (or its drain deadline, if sooner). */
    void askToHalt(long nowMillis, WorkerProcesses processes) {
        asked = Verb.HALT;
        long deadline = nowMillis + TimingBudgets.KILL_MARGIN_MILLIS;
        killAtMillis = killAtMillis == 0 ? deadline : Math.min(killAtMillis, deadline);
        if (state == WorkerState.FAILED && !killed) {
            // It reported a boot failure and is stopping its framework to exit with its own code:
            // HALT would cut that short. The deadline still holds.
            return;
        }
        if (!tell(Verb.HALT)) {
            // Nobody to tell: nothing of value runs in a worker that never said HELLO.
            kill(processes);
        }
    }

    /** SIGKILL if its stop deadline has passed, or if it is READY and its heartbeat stopped. */
    void killIfLate(long nowMillis, WorkerProcesses processes) {
        if (killed) {
            return;
        }
        if (killAtMillis != 0 && nowMillis >= killAtMillis) {
            LOG.warn("{} did not exit in time; SIGKILL", this);
            kill(processes);
        } else if (state == WorkerState.READY && nowMillis - lastHeartbeatMillis > TimingBudgets.HEARTBEAT_TIMEOUT_MILLIS) {
            LOG.warn("{} sent no status for {} ms (limit {} ms); SIGKILL and replace",
                    this, nowMillis - lastHeartbeatMillis, TimingBudgets.HEARTBEAT_TIMEOUT_MILLIS);
            kill(processes);
        }
    }

    private boolean tell(Verb verb) {
        return connection != null && connection.send(ControlMessage.of(verb));
    }

    private void kill(WorkerProcesses processes) {
        killed = true;
        processes.kill(pid);
    }

    /** The one place a worker's state changes; callers decide first, so an illegal move is a bug. */
    private void moveTo(WorkerState next, String why) {
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
