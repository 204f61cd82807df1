package org.fdtserver.launcher.supervisor;

import java.util.List;
import java.util.function.LongSupplier;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's one supervisor loop, in the shape of gunicorn's arbiter: take one event and
 * dispatch it, then reap, kill late workers and bring the worker count right. What each step
 * means lives elsewhere: the workers in {@link WorkerRegistry}, reloads in
 * {@link ReloadCoordinator}, stopping in {@link ShutdownEscalation}, the command line's
 * answers in {@link ControlCommands}.
 */
public final class Supervisor {

    /** Longest wait for an event, so that maintenance runs at least this often. */
    static final long POLL_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final Events events;
    private final LongSupplier clock;
    private final WorkerRegistry registry;
    private final ShutdownEscalation shutdown;
    private final ReloadCoordinator reloads;
    private final ControlCommands commands;
    private final SlotScaling scaling;
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
        this.events = events;
        this.clock = clock;
        this.registry = new WorkerRegistry(config.runDir(), processes, factory);
        this.shutdown = new ShutdownEscalation(registry, processes, clock, () -> stopBegins(factory));
        this.reloads = new ReloadCoordinator(registry, factory, processes, shutdown, clock);
        this.commands = new ControlCommands(registry, reloads, shutdown, clock);
        this.scaling = new SlotScaling(registry, shutdown, processes);
    }

    /** Once the launcher stops: new connects are refused at once, no more reloads, and who waits for one is told. */
    private void stopBegins(GenerationFactory factory) {
        factory.closeListeners();
        LOG.info("listening sockets closed in the launcher");
        reloads.cancel();
    }

    /**
     * Adds a generation; its workers are spawned on the next pass.
     *
     * @param plan what its workers start from
     */
    public void startGeneration(GenerationPlan plan) {
        reloads.start(plan, now());
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
        LOG.info("every worker has exited; launcher exits with {}", shutdown.exitCode());
        return shutdown.exitCode();
    }

    /** One pass of the loop; tests drive it directly with a fake clock. */
    void step(Event event) {
        if (event != null) {
            dispatch(event);
        }
        registry.reap(this::workerExited);
        registry.killLate(now());
        reloads.abortIfLate(now());
        if (!shutdown.stopping()) {
            registry.spawnDue(now(), reloads::abort);
        }
        registry.prune();
        if (database != null) {
            database.restartIfDue(now());
        }
    }

    boolean finished() {
        return shutdown.finished();
    }

    int exitCode() {
        return shutdown.exitCode();
    }

    List<Generation> generations() {
        return registry.generations();
    }

    // ------------------------------------------------------------------ dispatch

    private void dispatch(Event event) {
        if (event instanceof Event.SignalReceived s) {
            handleSignal(s.name());
        } else if (event instanceof Event.MessageReceived m) {
            handleMessage(m.from(), m.message());
        } else if (event instanceof Event.Disconnected d) {
            reloads.disconnected(d.connection());
            registry.disconnected(d.connection());
        } else if (event instanceof Event.DatabaseDied d) {
            database.died("embedded PostgreSQL (pid " + d.pid() + ") died: " + d.status(), now());
        }
    }

    private void handleSignal(String name) {
        switch (name) {
            case "TERM", "INT" -> {
                LOG.info("SIG{}: graceful stop", name);
                shutdown.stop(true);
            }
            case "HUP" -> reloads.hup();
            case "TTIN" -> scaling.grow();
            case "TTOU" -> scaling.shrink(now());
            // SignalEvents.SIGNALS are all handled above; it registers no other.
        }
    }

    private void handleMessage(ControlConnection from, ControlMessage m) {
        switch (m.verb()) {
            case HELLO -> registry.hello(from, m.argument(), now());
            case CLI -> commands.handle(from, m.argument());
            default -> handleWorkerMessage(registry.on(from, m.verb().name()), m);
        }
    }

    private void handleWorkerMessage(Worker w, ControlMessage m) {
        if (w == null) {
            return;
        }
        switch (m.verb()) {
            case READY -> {
                w.ready(now());
                if (w.generation.state() == GenerationState.STARTING && w.generation.allReady()) {
                    reloads.ready(w.generation);
                }
            }
            case FAILED -> {
                w.failed(m.argument());
                reloads.abort(w.generation, "worker " + w.id() + ": " + m.argument());
            }
            case DRAINING -> w.draining();
            case STATUS -> w.status(m.argument(), now());
            default -> LOG.warn("{}: unexpected {} from a worker", w, m.verb());
        }
    }

    // ------------------------------------------------------------------ maintenance

    /** A worker was reaped: a crash aborts a starting generation, or is respawned in a serving one. */
    private void workerExited(Worker w, boolean asked) {
        if (shutdown.stopping() || asked) {
            return;
        }
        Generation g = w.generation;
        if (g.state() == GenerationState.STARTING) {
            // A generation whose worker dies before READY would serve with code that cannot boot.
            reloads.abort(g, "worker " + w.id() + " " + w.diedBeforeReady(w.exitStatus()));
        } else if (g.state() == GenerationState.SERVING) {
            LOG.warn("{} died unexpectedly: {}", w, w.exitStatus());
            g.respawnLater(w, now());
        }
    }

    private long now() {
        return clock.getAsLong();
    }
}
