package org.fdtserver.launcher.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.launcher.process.ExitStatus;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's one supervisor loop, in the shape of gunicorn's arbiter: take one event, handle
 * it in the method named for it, then reap, kill late workers and bring the worker count right.
 *
 * <p>A reload (HUP) makes a new generation and starts its workers next to the serving ones; only
 * when every new worker is READY is the old generation drained. A generation that does not get
 * ready is aborted and the serving one serves on. At most one generation starts at a time: HUPs
 * that arrive meanwhile are coalesced into one more reload, made when the starting one ends, from
 * the configuration and bundles as they are then.
 */
public final class Supervisor {

    /** Longest wait for an event, so that maintenance runs at least this often. */
    static final long POLL_MILLIS = 200;
    /** A READY worker silent this long is hung. */
    static final long HEARTBEAT_TIMEOUT_MILLIS = Math.max(10_000, 3 * ControlMessage.HEARTBEAT_MILLIS);
    /** Grace between HALT (or a graceful timeout) and SIGKILL. */
    static final long KILL_MARGIN_MILLIS = 5_000;
    /** Ended generations (GONE, ABORTED) kept for {@code fdtserver status}; older ones are forgotten and their files removed. */
    static final int ENDED_KEPT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** How the launcher is stopping, if it is. */
    enum Stop { NONE, GRACEFUL, HALT }

    /** A {@code CLI await-reload} connection, answered when a generation newer than {@code after} ends its start. */
    private record Waiter(ControlConnection connection, long after) {
    }

    private final LauncherConfig config;
    private final WorkerProcesses processes;
    private final Events events;
    private final GenerationFactory factory;
    private final LongSupplier clock;
    private final long startedAtMillis;
    private final List<Generation> generations = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long lastNumber;
    private boolean reloadPending;
    private ReloadResult lastReload;
    private Stop stop = Stop.NONE;
    private int exitCode;
    private DatabaseKeeper database;

    /**
     * @param config the configuration the launcher started with (its run directory never changes)
     * @param processes spawns, reaps and kills workers
     * @param events the queue signal handlers and the control socket post to
     * @param factory makes generations and owns the listening sockets
     * @param clock milliseconds, monotonic
     */
    public Supervisor(LauncherConfig config, WorkerProcesses processes, Events events,
            GenerationFactory factory, LongSupplier clock) {
        this.config = config;
        this.processes = processes;
        this.events = events;
        this.factory = factory;
        this.clock = clock;
        this.startedAtMillis = clock.getAsLong();
    }

    /**
     * Adds a generation; its workers are spawned on the next pass.
     *
     * @param plan what its workers start from
     */
    public void startGeneration(GenerationPlan plan) {
        startGeneration(plan, now());
    }

    /** Its ready time counts from {@code sinceMillis}: for a reload, the HUP, so the snapshot is included. */
    private void startGeneration(GenerationPlan plan, long sinceMillis) {
        Generation g = new Generation(plan, sinceMillis);
        generations.add(g);
        lastNumber = Math.max(lastNumber, plan.number());
        LOG.info("generation {} STARTING with {} workers, bundles {}", g.number, g.size(), plan.bundles());
    }

    /**
     * Supervises the embedded database too: its deaths ({@link Event.DatabaseDied}) are logged and
     * it is restarted with backoff, until the launcher exits (workers draining may still need it).
     *
     * @param db the embedded database
     */
    public void superviseDatabase(RestartableDatabase db) {
        database = new DatabaseKeeper(db, now());
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
        pruneGenerations();
        if (database != null) {
            database.restartIfDue(now());
        }
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
        } else if (event instanceof Event.DatabaseDied d) {
            database.died("embedded PostgreSQL (pid " + d.pid() + ") died: " + d.status(), now());
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
        if (stop != Stop.NONE) {
            LOG.warn("SIGHUP: the launcher is stopping; no reload");
            return;
        }
        Generation starting = starting();
        if (starting != null) {
            LOG.info("SIGHUP: generation {} is still starting; {}", starting.number, reloadPending
                    ? "coalesced with the reload already waiting"
                    : "one more reload follows it, with the configuration and bundles as they are then");
            reloadPending = true;
            return;
        }
        reload("SIGHUP");
    }

    void handleTtin() {
        Generation g = newestServing();
        if (g == null || stop != Stop.NONE) {
            LOG.warn("SIGTTIN: no generation serves{}; nothing changes", stop != Stop.NONE ? " (stopping)" : " yet");
            return;
        }
        int slot = g.addSlot();
        LOG.info("SIGTTIN: generation {} grows to {} workers (slot {})", g.number, g.size(), slot);
    }

    void handleTtou() {
        Generation g = newestServing();
        if (g == null || stop != Stop.NONE) {
            LOG.warn("SIGTTOU: no generation serves{}; nothing changes", stop != Stop.NONE ? " (stopping)" : " yet");
            return;
        }
        if (g.size() <= 1) {
            LOG.warn("SIGTTOU: generation {} keeps its last worker", g.number);
            return;
        }
        Worker w = g.retireLastSlot();
        LOG.info("SIGTTOU: generation {} shrinks to {} workers{}", g.number, g.size(), w == null ? "" : "; draining " + w);
        if (w != null) {
            drain(w);
        }
    }

    // ------------------------------------------------------------------ reload

    /** Makes the next generation from the configuration and bundles as they are now. */
    private void reload(String why) {
        reloadPending = false;
        long number = ++lastNumber;
        LOG.info("{}: reloading configuration and bundles as generation {}", why, number);
        long since = now();
        GenerationPlan plan;
        try {
            plan = factory.prepare(number);
        } catch (GenerationFactory.GenerationException e) {
            Generation unmade = Generation.unmade(number, now());
            generations.add(unmade);
            abort(unmade, e.getMessage());
            return;
        }
        startGeneration(plan, since);
    }

    /** A generation left STARTING: record the result, answer who waits, close unused listeners, run a pending reload. */
    private void startEnded(Generation g, ReloadResult result) {
        if (g.number > 1) {
            lastReload = result;
        }
        for (Waiter w : List.copyOf(waiters)) {
            if (g.number > w.after()) {
                w.connection().sendLine(result.answer());
                w.connection().close();
                waiters.remove(w);
            }
        }
        factory.retainListeners(livePlans());
        if (reloadPending && stop == Stop.NONE) {
            reload("SIGHUP (coalesced)");
        }
    }

    private List<GenerationPlan> livePlans() {
        List<GenerationPlan> live = new ArrayList<>();
        for (Generation g : generations) {
            if (g.plan != null && (g.state() == GenerationState.STARTING || g.state() == GenerationState.SERVING)) {
                live.add(g.plan);
            }
        }
        return live;
    }

    // ------------------------------------------------------------------ worker messages

    private void handleHello(ControlConnection from, String argument) {
        String[] parts = argument.split(" ");
        Optional<Worker> w = parts.length == 2 ? findAlive(parts[0], parts[1]) : Optional.empty();
        if (w.isEmpty()) {
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
            from.send(ControlMessage.of(stop == Stop.HALT || worker.generation.state() == GenerationState.ABORTED
                    ? ControlMessage.Verb.HALT : ControlMessage.Verb.DRAIN));
        }
    }

    private void handleReady(ControlConnection from) {
        Worker w = workerOn(from, "READY");
        if (w == null) {
            return;
        }
        w.lastHeartbeatMillis = now();
        if (!w.state().canMoveTo(WorkerState.READY)) {
            LOG.debug("{}: late READY while {}; ignored", w, w.state());
            return;
        }
        w.becameReady = true;
        w.moveTo(WorkerState.READY, "all bundles active, listeners accepting");
        Generation g = w.generation;
        if (g.state() == GenerationState.STARTING && g.allReady()) {
            long took = now() - g.startedAtMillis;
            g.servedAfter(took);
            g.moveTo(GenerationState.SERVING, "all " + g.size() + " workers ready in " + took + " ms");
            drainOlderThan(g);
            startEnded(g, new ReloadResult(g.number, true, g.size() + " workers ready in " + took + " ms"));
        }
    }

    /** The new generation serves: every older serving one stops accepting and finishes its connections. */
    private void drainOlderThan(Generation serving) {
        for (Generation o : generations) {
            if (o != serving && o.state() == GenerationState.SERVING) {
                o.moveTo(GenerationState.DRAINING, "generation " + serving.number + " serves");
                o.alive().forEach(this::drain);
            }
        }
    }

    private void handleFailed(ControlConnection from, String reason) {
        Worker w = workerOn(from, "FAILED");
        if (w == null) {
            return;
        }
        w.failureReason = reason;
        LOG.error("{} failed to boot: {}", w, reason);
        if (w.state().canMoveTo(WorkerState.FAILED)) {
            w.moveTo(WorkerState.FAILED, "boot failed");
        }
        if (w.generation.state() == GenerationState.STARTING) {
            abort(w.generation, "worker " + w.id() + ": " + reason);
        }
    }

    private void handleDraining(ControlConnection from) {
        Worker w = workerOn(from, "DRAINING");
        if (w != null && w.state().canMoveTo(WorkerState.DRAINING)) {
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
        waiters.removeIf(w -> w.connection() == c);
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                if (w.connection == c) {
                    w.connection = null;
                    // Not fatal: the heartbeat rule decides whether it is hung. A worker on its way
                    // out (asked to stop, draining, failed) closes it as it exits: nothing to tell.
                    boolean leaving = w.stopRequested || w.state() == WorkerState.DRAINING || w.state() == WorkerState.FAILED;
                    if (!leaving) {
                        LOG.info("{} closed its control connection while running", w);
                    }
                }
            }
        }
    }

    private void handleCli(ControlConnection from, String command) {
        String verb = command.trim();
        switch (verb) {
            case "workers" -> StatusReport.workers(generations).forEach(from::sendLine);
            case "status" -> StatusReport.status(startedAtMillis, now(), stop.name(), generations,
                    lastReload, reloadPending).forEach(from::sendLine);
            case "await-reload" -> {
                if (stop == Stop.NONE) {
                    // Answered when a generation newer than every one made so far ends its start.
                    waiters.add(new Waiter(from, lastNumber));
                    from.sendLine("WAITING " + ProcessHandle.current().pid() + " " + lastNumber);
                    return;
                }
                from.sendLine("error: the launcher is stopping");
            }
            case "stop" -> {
                from.sendLine("stopping");
                LOG.info("stop requested on the control socket");
                stop(true);
            }
            case "halt" -> {
                from.sendLine("halting");
                handleQuit();
            }
            default -> from.sendLine("error: unknown command '" + verb + "' (workers, status, await-reload, stop, halt)");
        }
        from.close();
    }

    // ------------------------------------------------------------------ maintenance

    /** Reaps every known worker pid that has exited (never waitpid(-1): the JDK reaps its own children). */
    private void reapWorkers() {
        for (Generation g : List.copyOf(generations)) {
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
        if (w.state() != WorkerState.FAILED) {
            w.moveTo(expected ? WorkerState.EXITED : WorkerState.FAILED, status.toString());
        }
        if (stop != Stop.NONE || expected) {
            return;
        }
        Generation g = w.generation;
        if (g.state() == GenerationState.STARTING) {
            // A generation whose worker dies before READY would serve with code that cannot boot.
            abort(g, "worker " + w.id() + " " + (w.failureReason != null ? w.failureReason
                    : "died before READY (" + status + ")"));
        } else if (g.state() == GenerationState.SERVING) {
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
        LOG.error("worker {} died before READY {} times in a row; slot {} is no longer respawned",
                dead.id(), g.failedStarts(dead.slot), dead.slot);
    }

    /** Kills workers past their stop deadline, READY workers whose heartbeat stopped, and slow generations. */
    private void murderWorkers() {
        long now = now();
        for (Generation g : List.copyOf(generations)) {
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
            long readyTimeout = g.plan == null ? 0 : g.plan.config().readyTimeout().toMillis();
            if (g.state() == GenerationState.STARTING && now - g.startedAtMillis > readyTimeout) {
                abort(g, "not every worker was ready within ready_timeout " + readyTimeout + " ms");
            }
        }
    }

    /** Spawns a worker into every slot that wants one. */
    private void manageWorkers() {
        if (stop != Stop.NONE) {
            return;
        }
        for (Generation g : List.copyOf(generations)) {
            if (g.state() != GenerationState.STARTING && g.state() != GenerationState.SERVING) {
                continue;
            }
            for (int slot : g.slotsToSpawn(now())) {
                spawnWorker(g, slot);
                if (g.state() != GenerationState.STARTING && g.state() != GenerationState.SERVING) {
                    break; // the failed spawn aborted it
                }
            }
        }
    }

    private void spawnWorker(Generation g, int slot) {
        String id = g.number + "." + slot;
        try {
            long pid = processes.spawn(id, g.plan);
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

    /** Forgets the oldest ended generations whose workers have all exited, and removes their files. */
    private void pruneGenerations() {
        List<Generation> ended = generations.stream()
                .filter(g -> (g.state() == GenerationState.GONE || g.state() == GenerationState.ABORTED) && g.alive().isEmpty())
                .toList();
        for (int i = 0; i < ended.size() - ENDED_KEPT; i++) {
            Generation g = ended.get(i);
            generations.remove(g);
            if (g.plan != null) {
                factory.discard(g.plan);
            }
        }
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Aborts a generation that cannot get ready: its workers are halted and whatever serves
     * serves on. With nothing else serving (the first generation), the launcher stops with 1.
     */
    private void abort(Generation g, String reason) {
        if (g.state() != GenerationState.STARTING) {
            return;
        }
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
        } else if (othersServe) {
            LOG.warn("generation {} aborted; generation {} serves on", g.number, newestServing().number);
        }
        startEnded(g, new ReloadResult(g.number, false, reason));
    }

    /** Stops accepting at once, then drains (graceful) or halts every worker; repeated calls only escalate. */
    private void stop(boolean graceful) {
        Stop wanted = graceful ? Stop.GRACEFUL : Stop.HALT;
        if (stop.compareTo(wanted) >= 0) {
            LOG.info("already stopping ({})", stop);
            return;
        }
        if (stop == Stop.NONE) {
            factory.closeListeners();
            LOG.info("listening sockets closed in the launcher");
            for (Waiter w : waiters) {
                w.connection().sendLine("error: the launcher is stopping");
                w.connection().close();
            }
            waiters.clear();
            reloadPending = false;
        }
        stop = wanted;
        for (Generation g : generations) {
            if (g.state() == GenerationState.SERVING) {
                g.moveTo(GenerationState.DRAINING, graceful ? "graceful stop" : "fast stop");
            } else if (g.state() == GenerationState.STARTING) {
                g.moveTo(GenerationState.ABORTED, "stopped before it was ready");
            }
            for (Worker w : g.alive()) {
                if (graceful && g.state() != GenerationState.ABORTED) {
                    drain(w);
                } else {
                    halt(w);
                }
            }
        }
    }

    private void drain(Worker w) {
        if (w.stopRequested && w.state() == WorkerState.DRAINING) {
            return;
        }
        w.stopRequested = true;
        long graceful = w.generation.plan.config().gracefulTimeout().toMillis();
        w.killAtMillis = now() + graceful + KILL_MARGIN_MILLIS;
        if (w.state().canMoveTo(WorkerState.DRAINING)) {
            w.moveTo(WorkerState.DRAINING, "launcher asked it to drain");
        }
        if (w.connection == null || !w.connection.send(ControlMessage.of(ControlMessage.Verb.DRAIN))) {
            // Not connected yet (or any more): SIGTERM means the same to a worker.
            processes.terminate(w.pid);
        }
    }

    private void halt(Worker w) {
        w.stopRequested = true;
        long deadline = now() + KILL_MARGIN_MILLIS;
        w.killAtMillis = w.killAtMillis == 0 ? deadline : Math.min(w.killAtMillis, deadline);
        if (w.state() == WorkerState.FAILED && !w.killed) {
            // It reported a boot failure and is stopping its framework to exit with its own code:
            // HALT would cut that short. The deadline still holds.
            return;
        }
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

    private Generation starting() {
        return generations.stream().filter(g -> g.state() == GenerationState.STARTING).findFirst().orElse(null);
    }

    private Generation newestServing() {
        Generation newest = null;
        for (Generation g : generations) {
            if (g.state() == GenerationState.SERVING) {
                newest = g;
            }
        }
        return newest;
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

    private Optional<Worker> findAlive(String id, String pid) {
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                if (w.id().equals(id) && Long.toString(w.pid).equals(pid)) {
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
