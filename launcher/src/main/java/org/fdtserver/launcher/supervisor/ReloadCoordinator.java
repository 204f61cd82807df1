package org.fdtserver.launcher.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.fdtserver.launcher.control.ControlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads, one at a time: a HUP makes a new generation from the configuration and bundles as they
 * are then; only when each of its workers is READY are the older serving ones drained. One that
 * cannot be made or does not get ready is aborted and the serving one serves on. HUPs that arrive
 * while a generation starts are coalesced into one more reload, made when the start ends. It
 * answers {@code CLI await-reload} waiters and keeps the listeners the live generations use.
 */
final class ReloadCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadCoordinator.class);

    /** A {@code CLI await-reload} connection, answered when a generation newer than {@code after} ends its start. */
    private record Waiter(ControlConnection connection, long after) {
    }

    private final WorkerRegistry registry;
    private final GenerationFactory factory;
    private final WorkerProcesses processes;
    private final ShutdownEscalation shutdown;
    private final LongSupplier clock;
    private final List<Waiter> waiters = new ArrayList<>();
    private long lastNumber;
    private boolean pending;
    private ReloadResult lastResult;

    ReloadCoordinator(WorkerRegistry registry, GenerationFactory factory, WorkerProcesses processes,
            ShutdownEscalation shutdown, LongSupplier clock) {
        this.registry = registry;
        this.factory = factory;
        this.processes = processes;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    /** Adds a generation; its ready time counts from {@code sinceMillis} (for a reload, the HUP). */
    void start(GenerationPlan plan, long sinceMillis) {
        Generation g = new Generation(plan, sinceMillis);
        registry.add(g);
        lastNumber = Math.max(lastNumber, plan.number());
        LOG.info("generation {} STARTING with {} workers, bundles {}", g.number, g.size(), plan.bundles());
    }

    /** SIGHUP: reload now, or after the generation that is starting. */
    void hup() {
        if (shutdown.stopping()) {
            LOG.warn("SIGHUP: the launcher is stopping; no reload");
            return;
        }
        if (registry.starting().isPresent()) {
            LOG.info("SIGHUP: generation {} is still starting; {}", registry.starting().get().number, pending
                    ? "coalesced with the reload already waiting"
                    : "one more reload follows it, with the configuration and bundles as they are then");
            pending = true;
            return;
        }
        reload("SIGHUP");
    }

    /** Makes the next generation from the configuration and bundles as they are now. */
    private void reload(String why) {
        pending = false;
        long number = ++lastNumber;
        LOG.info("{}: reloading configuration and bundles as generation {}", why, number);
        long since = clock.getAsLong();
        try {
            start(factory.prepare(number), since);
        } catch (GenerationFactory.GenerationException e) {
            aborted(number, e.getMessage());
        }
    }

    /** Every worker of {@code g} is READY: it serves, the older serving generations drain. */
    void ready(Generation g) {
        long took = clock.getAsLong() - g.startedAtMillis;
        g.moveTo(GenerationState.SERVING, "all " + g.size() + " workers ready in " + took + " ms");
        for (Generation o : registry.generations()) {
            if (o != g && o.state() == GenerationState.SERVING) {
                o.moveTo(GenerationState.DRAINING, "generation " + g.number + " serves");
                o.alive().forEach(w -> w.askToDrain(clock.getAsLong(), processes));
            }
        }
        ended(new ReloadResult(g.number, true, g.size() + " workers ready in " + took + " ms"));
    }

    /** Aborts the starting generation that is past its ready timeout. */
    void abortIfLate(long nowMillis) {
        registry.starting().ifPresent(g -> {
            long readyTimeout = g.plan.config().readyTimeout().toMillis();
            if (nowMillis - g.startedAtMillis > readyTimeout) {
                abort(g, "not every worker was ready within ready_timeout " + readyTimeout + " ms");
            }
        });
    }

    /** A generation that cannot get ready: its workers are halted and whatever serves serves on. */
    void abort(Generation g, String reason) {
        if (g.state() != GenerationState.STARTING) {
            return;
        }
        g.moveTo(GenerationState.ABORTED, reason);
        g.alive().forEach(w -> w.askToHalt(clock.getAsLong(), processes));
        aborted(g.number, reason);
    }

    /** With nothing else serving (the first generation), the launcher stops with 1. */
    private void aborted(long number, String reason) {
        LOG.error("generation {} aborted: {}", number, reason);
        registry.newestServing().ifPresentOrElse(
                serving -> LOG.warn("generation {} aborted; generation {} serves on", number, serving.number),
                () -> {
                    if (!shutdown.stopping()) {
                        LOG.error("generation {} never became ready and nothing else serves; stopping", number);
                        shutdown.failedToStart();
                    }
                });
        ended(new ReloadResult(number, false, reason));
    }

    /** A start ended: record the result, answer who waits, close unused listeners, run a pending reload. */
    private void ended(ReloadResult result) {
        if (result.generation() > 1) {
            lastResult = result;
        }
        waiters.removeIf(w -> {
            if (result.generation() <= w.after()) {
                return false;
            }
            w.connection().sendLine(result.answer());
            w.connection().close();
            return true;
        });
        factory.retainListeners(registry.live().stream().map(g -> g.plan).toList());
        if (pending && !shutdown.stopping()) {
            reload("SIGHUP (coalesced)");
        }
    }

    /** {@code CLI await-reload}: answered when a generation newer than every one made so far ends its start. */
    void await(ControlConnection from) {
        if (shutdown.stopping()) {
            from.sendLine("error: the launcher is stopping");
            from.close();
            return;
        }
        waiters.add(new Waiter(from, lastNumber));
        from.sendLine("WAITING " + ProcessHandle.current().pid() + " " + lastNumber);
    }

    /** The launcher stops: no more reloads; who waits is told. */
    void cancel() {
        for (Waiter w : waiters) {
            w.connection().sendLine("error: the launcher is stopping");
            w.connection().close();
        }
        waiters.clear();
        pending = false;
    }

    void disconnected(ControlConnection c) {
        waiters.removeIf(w -> w.connection() == c);
    }

    /** @return the last reload's result, or null if there was none */
    ReloadResult lastResult() {
        return lastResult;
    }

    /** @return true if a coalesced reload waits for the starting generation */
    boolean pending() {
        return pending;
    }
}
