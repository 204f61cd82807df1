package org.fdtserver.launcher.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.runtime.protocol.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations and their running workers, found by pid and by control connection: it
 * spawns, greets (HELLO), hears heartbeats (STATUS), kills the late and reaps the exited.
 */
final class WorkerRegistry {

    /** Ended generations (GONE, ABORTED) kept for {@code fdtserver status}; older ones are forgotten and their files removed. */
    static final int ENDED_KEPT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);

    private final Path runDir;
    private final WorkerProcesses processes;
    private final GenerationFactory factory;
    private final List<Generation> generations = new ArrayList<>();
    /** Running workers in spawn order. */
    private final Map<Long, Worker> byPid = new LinkedHashMap<>();
    private final Map<ControlConnection, Worker> byConnection = new HashMap<>();

    WorkerRegistry(Path runDir, WorkerProcesses processes, GenerationFactory factory) {
        this.runDir = runDir;
        this.processes = processes;
        this.factory = factory;
    }

    void add(Generation g) {
        generations.add(g);
    }

    /** @return every generation still remembered, oldest first */
    List<Generation> generations() {
        return generations;
    }

    /** @return the generation that is starting, if one is */
    Optional<Generation> starting() {
        return generations.stream().filter(g -> g.state() == GenerationState.STARTING).findFirst();
    }

    /** @return the newest serving generation, if one serves */
    Optional<Generation> newestServing() {
        Generation newest = null;
        for (Generation g : generations) {
            if (g.state() == GenerationState.SERVING) {
                newest = g;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** @return the generations whose workers accept or are about to (STARTING, SERVING) */
    List<Generation> live() {
        return generations.stream().filter(g -> g.state().live()).toList();
    }

    /** @return true when no worker runs */
    boolean allExited() {
        return byPid.isEmpty();
    }

    // ------------------------------------------------------------------ messages

    /** HELLO {@code <id> <pid>}: binds the connection to the running worker it names, or closes it. */
    void hello(ControlConnection from, String argument, long nowMillis) {
        String[] parts = argument.split(" ");
        Worker w = byPid.values().stream()
                .filter(r -> parts.length == 2 && r.id().equals(parts[0]) && Long.toString(r.pid).equals(parts[1]))
                .findFirst().orElse(null);
        if (w == null) {
            LOG.warn("{}: HELLO '{}' names no running worker; closing it", from, argument);
            from.close();
            return;
        }
        byConnection.put(from, w);
        w.connected(from, nowMillis);
    }

    /** @return the worker that said HELLO on this connection, or null (logged) */
    Worker on(ControlConnection c, String what) {
        Worker w = byConnection.get(c);
        if (w == null) {
            LOG.warn("{}: {} before HELLO, or from a worker already reaped; ignored", c, what);
        }
        return w;
    }

    void disconnected(ControlConnection c) {
        Worker w = byConnection.remove(c);
        if (w != null) {
            w.disconnected();
        }
    }

    // ------------------------------------------------------------------ processes

    /**
     * Spawns a worker into every slot of a live generation that wants one.
     *
     * @param onFailure told of a spawn that failed outright, with the reason (it aborts a starting generation)
     */
    void spawnDue(long nowMillis, BiConsumer<Generation, String> onFailure) {
        for (Generation g : live()) {
            for (int slot : g.slotsToSpawn(nowMillis)) {
                spawn(g, slot, nowMillis).ifPresent(failure -> onFailure.accept(g, failure));
                if (!g.state().live()) {
                    break; // the failed spawn aborted it
                }
            }
        }
    }

    /**
     * Spawns the worker of one slot.
     *
     * @return empty, or why it could not be spawned (the slot then gives up: it would fail again)
     */
    private Optional<String> spawn(Generation g, int slot, long nowMillis) {
        String id = g.number + "." + slot;
        try {
            Worker w = new Worker(g, slot, processes.spawn(id, g.plan), nowMillis);
            g.put(w);
            byPid.put(w.pid, w);
            LOG.info("spawned {}", w);
            return Optional.empty();
        } catch (IOException e) {
            LOG.error("cannot spawn worker {}: {}", id, e.getMessage());
            g.giveUp(slot);
            return Optional.of("cannot spawn worker " + id + ": " + e.getMessage());
        }
    }

    /**
     * Reaps every known worker pid that has exited (never waitpid(-1): the JDK reaps its own
     * children); a draining generation whose last worker exited is GONE.
     *
     * @param onExit told of each exit, with whether the launcher had asked for it
     */
    void reap(BiConsumer<Worker, Boolean> onExit) {
        for (Worker w : List.copyOf(byPid.values())) {
            processes.poll(w.pid).ifPresent(status -> {
                byPid.remove(w.pid);
                byConnection.values().removeIf(c -> c == w);
                removeShellSocket(w);
                onExit.accept(w, w.exited(status));
            });
        }
        for (Generation g : generations) {
            if (g.state() == GenerationState.DRAINING && g.alive().isEmpty()) {
                g.moveTo(GenerationState.GONE, "every worker has exited");
            }
        }
    }

    /** Kills workers past their stop deadline and READY workers whose heartbeat stopped. */
    void killLate(long nowMillis) {
        for (Worker w : byPid.values()) {
            w.killIfLate(nowMillis, processes);
        }
    }

    /** Forgets the oldest ended generations whose workers have all exited, and removes their files. */
    void prune() {
        List<Generation> ended = generations.stream().filter(g -> g.state().ended() && g.alive().isEmpty()).toList();
        for (int i = 0; i < ended.size() - ENDED_KEPT; i++) {
            generations.remove(ended.get(i));
            factory.discard(ended.get(i).plan);
        }
    }

    /** A killed worker cannot remove its shell socket; a stale one would mislead `fdtserver shell`. */
    private void removeShellSocket(Worker w) {
        try {
            Files.deleteIfExists(RunLayout.shellSocket(runDir, w.id()));
        } catch (IOException e) {
            LOG.debug("cannot remove the shell socket of {}: {}", w, e.toString());
        }
    }
}
