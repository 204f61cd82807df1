package org.fdtserver.launcher.supervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One generation: a fixed set of worker slots started from the same spec file and bundle snapshot. */
final class Generation {

    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);

    final long number;
    final Path specFile;
    final long startedAtMillis;

    private GenerationState state = GenerationState.STARTING;
    private final Worker[] slots;
    private final RespawnPolicy[] policies;
    private final long[] spawnAtMillis;
    private final boolean[] givenUp;
    private final List<String> failures = new ArrayList<>();

    Generation(long number, Path specFile, int size, long nowMillis) {
        this.number = number;
        this.specFile = specFile;
        this.startedAtMillis = nowMillis;
        this.slots = new Worker[size];
        this.policies = new RespawnPolicy[size];
        this.spawnAtMillis = new long[size];
        this.givenUp = new boolean[size];
        for (int i = 0; i < size; i++) {
            policies[i] = new RespawnPolicy();
        }
    }

    GenerationState state() {
        return state;
    }

    /** The one place a generation's state changes, with a log line saying why. */
    void moveTo(GenerationState next, String why) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("generation " + number + ": no move " + state + " -> " + next);
        }
        LOG.info("generation {} {} -> {}: {}", number, state, next, why);
        state = next;
    }

    int size() {
        return slots.length;
    }

    Worker worker(int slot) {
        return slots[slot];
    }

    void put(Worker w) {
        slots[w.slot] = w;
    }

    /** @return the workers still running */
    List<Worker> alive() {
        List<Worker> alive = new ArrayList<>();
        for (Worker w : slots) {
            if (w != null && w.alive()) {
                alive.add(w);
            }
        }
        return alive;
    }

    /** @return true if every slot's worker is READY */
    boolean allReady() {
        for (Worker w : slots) {
            if (w == null || w.state() != WorkerState.READY) {
                return false;
            }
        }
        return true;
    }

    /** @return true if this slot needs a worker now */
    boolean wantsSpawn(int slot, long nowMillis) {
        Worker w = slots[slot];
        return !givenUp[slot] && (w == null || !w.alive()) && nowMillis >= spawnAtMillis[slot];
    }

    /**
     * Records an unexpected death of the slot's worker and schedules its replacement.
     *
     * @return the delay before the respawn, or empty if the slot has given up
     */
    OptionalLong scheduleRespawn(Worker dead, long nowMillis) {
        OptionalLong delay = policies[dead.slot].onDeath(nowMillis - dead.startedAtMillis, dead.becameReady);
        if (delay.isEmpty()) {
            givenUp[dead.slot] = true;
        } else {
            spawnAtMillis[dead.slot] = nowMillis + delay.getAsLong();
        }
        return delay;
    }

    /** Stops the slot from spawning again (a spawn that failed outright). */
    void giveUp(int slot) {
        givenUp[slot] = true;
    }

    /** @return true if some slot has stopped respawning */
    boolean anyGivenUp() {
        for (boolean g : givenUp) {
            if (g) {
                return true;
            }
        }
        return false;
    }

    int failedStarts(int slot) {
        return policies[slot].failedStarts();
    }

    void addFailure(String reason) {
        failures.add(reason);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
