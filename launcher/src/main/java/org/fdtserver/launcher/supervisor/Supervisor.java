package org.fdtserver.launcher.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.launcher.process.ExitStatus;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's one supervisor loop, in the shape of gunicorn's arbiter: take one event, handle
 * it in the method named for it, then reap, kill late workers and bring the worker count right.
 */
public final class Supervisor {

    /** Longest wait for an event, so that maintenance runs at least this often. */
    static final long POLL_MILLIS = 200;
    /** A READY worker silent this long is hung. */
    static final long HEARTBEAT_TIMEOUT_MILLIS = Math.max(10_000, 3 * ControlMessage.HEARTBEAT_MILLIS);
    /** Grace between HALT (or a graceful timeout) and SIGKILL. */
    static final long KILL_MARGIN_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** How the launcher is stopping, if it is. */
    enum Stop { NONE, GRACEFUL, HALT }

    private final LauncherConfig config;
    private final WorkerProcesses processes;
    private final Events events;
    private final Runnable closeListeners;
    private final LongSupplier clock;
    private final long startedAtMillis;
    private final List<Generation> generations = new ArrayList<>();
    private Stop stop = Stop.NONE;
    private int exitCode;

    /**
     * @param config the configuration
     * @param processes spawns, reaps and kills workers
     * @param events the queue signal handlers and the control socket post to
     * @param closeListeners closes the launcher's listening sockets
     * @param clock milliseconds, monotonic
     */
    public Supervisor(LauncherConfig config, WorkerProcesses processes, Events events,
            Runnable closeListeners, LongSupplier clock) {
        this.config = config;
        this.processes = processes;
        this.events = events;
        this.closeListeners = closeListeners;
        this.clock = clock;
        this.startedAtMillis = clock.getAsLong();
    }

    /**
     * Adds a generation; its workers are spawned on the next pass.
     *
     * @param number the generation number
     * @param specFile its spec file
     */
    public void startGeneration(long number, Path specFile) {
        Generation g = new Generation(number, specFile, config.effectiveWorkers(), now());
        generations.add(g);
        LOG.info("generation {} STARTING with {} workers", number, g.size());
    }

    /**
     * Runs until every worker has exited after a stop.
     *
     * @return the launcher's exit code
     */
    public int run() {
        while (!finished()) {
            step(events.poll(POLL_MILLIS));
        }
        LOG.info("every worker has exited; launcher exits with {}", exitCode);
        return exitCode;
    }

    /** One pass of the loop; tests drive it directly with a fake clock. */
    void step(Event event) {
        if (event != null) {
            dispatch(event);
        }
        reapWorkers();
        murderWorkers();
        manageWorkers();
    }

    boolean finished() {
        return stop != Stop.NONE && generations.stream().allMatch(g -> g.alive().isEmpty());
    }

    int exitCode() {
        return exitCode;
    }

    List<Generation> generations() {
        return generations;
    }

    // ------------------------------------------------------------------ dispatch

    private void dispatch(Event event) {
        if (event instanceof Event.SignalReceived s) {
            handleSignal(s.name());
        } else if (event instanceof Event.MessageReceived m) {
            handleMessage(m.from(), m.message());
        } else if (event instanceof Event.Disconnected d) {
            handleDisconnect(d.connection());
        }
    }

    private void handleSignal(String name) {
        switch (name) {
            case "TERM" -> handleTerm();
            case "INT" -> handleInt();
            case "QUIT" -> handleQuit();
            case "HUP" -> handleHup();
            case "TTIN" -> handleTtin();
            case "TTOU" -> handleTtou();
            default -> LOG.warn("ignoring signal {}", name);
        }
    }

    private void handleMessage(ControlConnection from, ControlMessage m) {
        switch (m.verb()) {
            case HELLO -> handleHello(from, m.argument());
            case READY -> handleReady(from);
            case FAILED -> handleFailed(from, m.argument());
            case DRAINING -> handleDraining(from);
            case STATUS -> handleStatus(from, m.argument());
            case CLI -> handleCli(from, m.argument());
            default -> LOG.warn("{}: unexpected {} from a peer", from, m.verb());
        }
    }

    // ------------------------------------------------------------------ signals

    void handleTerm() {
        LOG.info("SIGTERM: graceful stop");
        stop(true);
    }

    void handleInt() {
        LOG.info("SIGINT: graceful stop");
        stop(true);
    }

    void handleQuit() {
        LOG.info("fast stop requested");
        stop(false);
    }

    void handleHup() {
        LOG.warn("SIGHUP: reload is not yet supported; nothing changes");
    }

    void handleTtin() {
        LOG.warn("SIGTTIN: adding a worker is not yet supported");
    }

    void handleTtou() {
        LOG.warn("SIGTTOU: removing a worker is not yet supported");
    }

    // ------------------------------------------------------------------ worker messages

    private void handleHello(ControlConnection from, String argument) {
        String[] parts = argument.split(" ");
        Optional<Worker> w = parts.length == 2 ? findAlive(parts[0]) : Optional.empty();
        if (w.isEmpty() || !Long.toString(w.get().pid).equals(parts[1])) {
            LOG.warn("{}: HELLO '{}' names no running worker; closing it", from, argument);
            from.close();
            return;
        }
        Worker worker = w.get();
        worker.connection = from;
        worker.lastHeartbeatMillis = now();
        LOG.debug("{} connected on {}", worker, from);
        if (worker.stopRequested) {
            // It was told to stop by SIGTERM before it could hear us; repeat it on the socket.
            from.send(ControlMessage.of(stop == Stop.HALT ? ControlMessage.Verb.HALT : ControlMessage.Verb.DRAIN));
        }
    }

    private void handleReady(ControlConnection from) {
        Worker w = workerOn(from, "READY");
        if (w == null) {
            return;
        }
        w.lastHeartbeatMillis = now();
        w.becameReady = true;
        w.moveTo(WorkerState.READY, "all bundles active, listeners accepting");
        Generation g = w.generation;
        if (g.state() == GenerationState.STARTING && g.allReady()) {
            g.moveTo(GenerationState.SERVING, "all " + g.size() + " workers ready in " + (now() - g.startedAtMillis) + " ms");
        }
    }

    private void handleFailed(ControlConnection from, String reason) {
        Worker w = workerOn(from, "FAILED");
        if (w == null) {
            return;
        }
        w.failureReason = reason;
        LOG.error("{} failed to boot: {}", w, reason);
        w.moveTo(WorkerState.FAILED, "boot failed");
        if (w.generation.state() == GenerationState.STARTING) {
            abort(w.generation, "worker " + w.id() + ": " + reason);
        }
    }

    private void handleDraining(ControlConnection from) {
        Worker w = workerOn(from, "DRAINING");
        if (w != null) {
            w.moveTo(WorkerState.DRAINING, w.stopRequested ? "as asked" : "on its own");
        }
    }

    private void handleStatus(ControlConnection from, String argument) {
        Worker w = workerOn(from, "STATUS");
        if (w == null) {
            return;
        }
        String[] parts = argument.split(" ");
        try {
            w.connections = Integer.parseInt(parts[0]);
            w.busyThreads = Integer.parseInt(parts[1]);
            w.poolThreads = Integer.parseInt(parts[2]);
        } catch (RuntimeException e) {
            LOG.warn("{}: malformed STATUS '{}'", w, argument);
        }
        w.lastHeartbeatMillis = now();
    }

    private void handleDisconnect(ControlConnection c) {
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                if (w.connection == c) {
                    w.connection = null;
                    // Not fatal: the heartbeat rule decides whether it is hung.
                    LOG.info("{} closed its control connection while running", w);
                }
            }
        }
    }

    private void handleCli(ControlConnection from, String command) {
        String verb = command.trim();
        switch (verb) {
            case "workers" -> StatusReport.workers(generations).forEach(from::sendLine);
            case "status" -> StatusReport.status(startedAtMillis, now(), stop.name(), generations).forEach(from::sendLine);
            case "stop" -> {
                from.sendLine("stopping");
                LOG.info("stop requested on the control socket");
                stop(true);
            }
            case "halt" -> {
                from.sendLine("halting");
                handleQuit();
            }
            default -> from.sendLine("error: unknown command '" + verb + "' (workers, status, stop, halt)");
        }
        from.close();
    }

    // ------------------------------------------------------------------ maintenance

    /** Reaps every known worker pid that has exited (never waitpid(-1): the JDK reaps its own children). */
    private void reapWorkers() {
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                processes.poll(w.pid).ifPresent(status -> workerExited(w, status));
            }
            if (g.state() == GenerationState.DRAINING && g.alive().isEmpty()) {
                g.moveTo(GenerationState.GONE, "every worker has exited");
            }
        }
    }

    private void workerExited(Worker w, ExitStatus status) {
        w.exit = status;
        if (w.connection != null) {
            w.connection.close();
            w.connection = null;
        }
        removeShellSocket(w);
        boolean expected = w.stopRequested;
        w.moveTo(expected ? WorkerState.EXITED : WorkerState.FAILED, status.toString());
        if (stop != Stop.NONE || expected) {
            return;
        }
        Generation g = w.generation;
        boolean bootFailed = status.exitedWith(ExitCodes.BOOT_FAILED) || w.failureReason != null;
        if (g.state() == GenerationState.STARTING && bootFailed) {
            abort(g, "worker " + w.id() + " " + (w.failureReason != null ? w.failureReason : "failed to boot (" + status + ")"));
        } else if (g.state() == GenerationState.STARTING || g.state() == GenerationState.SERVING) {
            LOG.warn("{} died unexpectedly: {}", w, status);
            respawnLater(g, w);
        }
    }

    private void respawnLater(Generation g, Worker dead) {
        OptionalLong delay = g.scheduleRespawn(dead, now());
        if (delay.isPresent()) {
            LOG.info("respawning worker {} in {} ms", dead.id(), delay.getAsLong());
            return;
        }
        String why = "worker " + dead.id() + " died before READY " + g.failedStarts(dead.slot)
                + " times in a row; slot " + dead.slot + " is no longer respawned";
        LOG.error(why);
        if (g.state() == GenerationState.STARTING) {
            abort(g, why);
        }
    }

    /** Kills workers past their stop deadline, READY workers whose heartbeat stopped, and slow generations. */
    private void murderWorkers() {
        long now = now();
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                if (!w.killed && w.killAtMillis != 0 && now >= w.killAtMillis) {
                    LOG.warn("{} did not exit in time; SIGKILL", w);
                    kill(w);
                } else if (!w.killed && w.state() == WorkerState.READY
                        && now - w.lastHeartbeatMillis > HEARTBEAT_TIMEOUT_MILLIS) {
                    LOG.warn("{} sent no status for {} ms (limit {} ms); SIGKILL and replace",
                            w, now - w.lastHeartbeatMillis, HEARTBEAT_TIMEOUT_MILLIS);
                    kill(w);
                }
            }
            if (g.state() == GenerationState.STARTING && now - g.startedAtMillis > config.readyTimeout().toMillis()) {
                abort(g, "not every worker was ready within ready_timeout " + config.readyTimeout().toMillis() + " ms");
            }
        }
    }

    /** Spawns a worker into every slot that wants one. */
    private void manageWorkers() {
        if (stop != Stop.NONE) {
            return;
        }
        for (Generation g : generations) {
            if (g.state() != GenerationState.STARTING && g.state() != GenerationState.SERVING) {
                continue;
            }
            for (int slot = 0; slot < g.size(); slot++) {
                if (g.wantsSpawn(slot, now())) {
                    spawnWorker(g, slot);
                }
            }
        }
    }

    private void spawnWorker(Generation g, int slot) {
        String id = g.number + "." + slot;
        try {
            long pid = processes.spawn(id, g.specFile);
            Worker w = new Worker(g, slot, pid, now());
            g.put(w);
            LOG.info("spawned {}", w);
        } catch (IOException e) {
            // A spawn that fails outright (no java, no memory) will fail again: do not loop on it.
            LOG.error("cannot spawn worker {}: {}", id, e.getMessage());
            g.giveUp(slot);
            if (g.state() == GenerationState.STARTING) {
                abort(g, "cannot spawn worker " + id + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ stopping

    /** Aborts a generation that cannot get ready; with nothing else serving, the launcher stops with 1. */
    private void abort(Generation g, String reason) {
        if (g.state() != GenerationState.STARTING) {
            return;
        }
        g.addFailure(reason);
        LOG.error("generation {} aborted: {}", g.number, reason);
        g.moveTo(GenerationState.ABORTED, reason);
        for (Worker w : g.alive()) {
            halt(w);
        }
        boolean othersServe = generations.stream().anyMatch(o -> o.state() == GenerationState.SERVING);
        if (!othersServe && stop == Stop.NONE) {
            LOG.error("generation {} never became ready and nothing else serves; stopping", g.number);
            exitCode = 1;
            stop(false);
        }
    }

    /** Stops accepting at once, then drains (graceful) or halts every worker; repeated calls only escalate. */
    private void stop(boolean graceful) {
        Stop wanted = graceful ? Stop.GRACEFUL : Stop.HALT;
        if (stop.compareTo(wanted) >= 0) {
            LOG.info("already stopping ({})", stop);
            return;
        }
        if (stop == Stop.NONE) {
            closeListeners.run();
            LOG.info("listening sockets closed in the launcher");
        }
        stop = wanted;
        for (Generation g : generations) {
            if (g.state() == GenerationState.SERVING) {
                g.moveTo(GenerationState.DRAINING, graceful ? "graceful stop" : "fast stop");
            } else if (g.state() == GenerationState.STARTING) {
                g.moveTo(GenerationState.ABORTED, "stopped before it was ready");
            }
            for (Worker w : g.alive()) {
                if (graceful) {
                    drain(w);
                } else {
                    halt(w);
                }
            }
        }
    }

    private void drain(Worker w) {
        w.stopRequested = true;
        w.killAtMillis = now() + config.gracefulTimeout().toMillis() + KILL_MARGIN_MILLIS;
        w.moveTo(WorkerState.DRAINING, "launcher asked it to drain");
        if (w.connection == null || !w.connection.send(ControlMessage.of(ControlMessage.Verb.DRAIN))) {
            // Not connected yet (or any more): SIGTERM means the same to a worker.
            processes.terminate(w.pid);
        }
    }

    private void halt(Worker w) {
        w.stopRequested = true;
        long deadline = now() + KILL_MARGIN_MILLIS;
        w.killAtMillis = w.killAtMillis == 0 ? deadline : Math.min(w.killAtMillis, deadline);
        if (w.connection == null || !w.connection.send(ControlMessage.of(ControlMessage.Verb.HALT))) {
            // Nobody to tell: nothing of value runs in a worker that never said HELLO.
            kill(w);
        }
    }

    private void kill(Worker w) {
        w.killed = true;
        processes.kill(w.pid);
    }

    // ------------------------------------------------------------------ helpers

    /** A killed worker cannot remove its shell socket; a stale one would mislead `fdtserver shell`. */
    private void removeShellSocket(Worker w) {
        try {
            Files.deleteIfExists(config.runDir().resolve("shell-" + w.id() + ".sock"));
        } catch (IOException e) {
            LOG.debug("cannot remove the shell socket of {}: {}", w, e.toString());
        }
    }

    private Worker workerOn(ControlConnection c, String what) {
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                if (w.connection == c) {
                    return w;
                }
            }
        }
        LOG.warn("{}: {} before HELLO, or from a worker already reaped; ignored", c, what);
        return null;
    }

    private Optional<Worker> findAlive(String id) {
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                if (w.id().equals(id)) {
                    return Optional.of(w);
                }
            }
        }
        return Optional.empty();
    }

    private long now() {
        return clock.getAsLong();
    }
}
