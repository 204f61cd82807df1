package org.fdtserver.launcher.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.fdtserver.runtime.protocol.WorkerState;

/**
 * One generation: worker slots started from the same plan (spec file, bundle snapshot, JVM
 * options, listeners). Slots can be added and retired while it serves (TTIN, TTOU); a slot's
 * index is never reused within a generation, so worker ids and shell sockets stay unique.
 */
final class Generation {

    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);

    final long number;
    /** What its workers start from. */
    final GenerationPlan plan;
    final long startedAtMillis;

    private GenerationState state = GenerationState.STARTING;
    private final List<Slot> slots = new ArrayList<>();
    /** Workers of slots that TTOU removed, draining until they exit. */
    private final List<Worker> retired = new ArrayList<>();
    private int nextSlot;
    private String abortReason;

    /** One place for a worker, with its respawn bookkeeping. */
    private static final class Slot {
        final int index;
        final RespawnPolicy policy = new RespawnPolicy();
        Worker worker;
        long spawnAtMillis;
        boolean givenUp;

        Slot(int index) {
            this.index = index;
        }
    }

    /**
     * @param plan what the workers start from
     * @param nowMillis the clock
     */
    Generation(GenerationPlan plan, long nowMillis) {
        this.number = plan.number();
        this.plan = plan;
        this.startedAtMillis = nowMillis;
        for (int i = 0; i < plan.config().effectiveWorkers(); i++) {
            addSlot();
        }
    }

    GenerationState state() {
        return state;
    }

    /** The one place a generation's state changes, with a log line saying why. */
    void moveTo(GenerationState next, String why) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("generation " + number + ": no move " + state + " -> " + next + " (" + why + ")");
        }
        LOG.info("generation {} {} -> {}: {}", number, state, next, why);
        if (next == GenerationState.ABORTED) {
            abortReason = why;
        }
        state = next;
    }

    /** @return why it was aborted, or null */
    String abortReason() {
        return abortReason;
    }

    /** @return the number of worker slots */
    int size() {
        return slots.size();
    }

    /** @return the worker in the slot with this index, or null */
    Worker worker(int index) {
        Slot s = slot(index);
        return s == null ? null : s.worker;
    }

    void put(Worker w) {
        slot(w.slot).worker = w;
    }

    /** @return a new slot's index; its worker is spawned on the next pass */
    int addSlot() {
        Slot s = new Slot(nextSlot++);
        slots.add(s);
        return s.index;
    }

    /**
     * Removes the slot with the highest index.
     *
     * @return its worker if one runs, which the caller drains; it stays listed until it exits
     */
    Worker retireLastSlot() {
        Slot s = slots.remove(slots.size() - 1);
        if (s.worker != null && s.worker.alive()) {
            retired.add(s.worker);
            return s.worker;
        }
        return null;
    }

    /** @return the workers still running, slots first, then retired ones */
    List<Worker> alive() {
        List<Worker> alive = new ArrayList<>();
        for (Slot s : slots) {
            if (s.worker != null && s.worker.alive()) {
                alive.add(s.worker);
            }
        }
        for (Worker w : retired) {
            if (w.alive()) {
                alive.add(w);
            }
        }
        return alive;
    }

    /** @return true if it has slots and every slot's worker is READY */
    boolean allReady() {
        // Only asked when one of its workers says READY, so it has at least that worker's slot.
        for (Slot s : slots) {
            if (s.worker == null || s.worker.state() != WorkerState.READY) {
                return false;
            }
        }
        return true;
    }

    /** @return the indexes of the slots that need a worker now */
    List<Integer> slotsToSpawn(long nowMillis) {
        List<Integer> due = new ArrayList<>();
        for (Slot s : slots) {
            if (!s.givenUp && (s.worker == null || !s.worker.alive()) && nowMillis >= s.spawnAtMillis) {
                due.add(s.index);
            }
        }
        return due;
    }

    /**
     * Records an unexpected death of the slot's worker and schedules its replacement.
     *
     * @return the delay before the respawn, or empty if the slot has given up (or is gone)
     */
    private OptionalLong scheduleRespawn(Worker dead, long nowMillis) {
        // Only a serving slot's own worker dies unasked: a retired slot's worker was asked to drain,
        // and a slot gets a new worker only once the old one is reaped.
        Slot s = slot(dead.slot);
        OptionalLong delay = s.policy.onDeath(nowMillis - dead.startedAtMillis, dead.becameReady());
        if (delay.isEmpty()) {
            s.givenUp = true;
        } else {
            s.spawnAtMillis = nowMillis + delay.getAsLong();
        }
        return delay;
    }

    /** Stops the slot from spawning again (a spawn that failed outright). */
    void giveUp(int index) {
        slot(index).givenUp = true;
    }

    /** Replaces a worker that died unexpectedly, with backoff; a slot whose workers keep dying before READY gives up. */
    void respawnLater(Worker dead, long nowMillis) {
        OptionalLong delay = scheduleRespawn(dead, nowMillis);
        if (delay.isPresent()) {
            LOG.info("respawning worker {} in {} ms", dead.id(), delay.getAsLong());
            return;
        }
        LOG.error("worker {} died before READY {} times in a row; slot {} is no longer respawned",
                dead.id(), slot(dead.slot).policy.failedStarts(), dead.slot);
    }

    private Slot slot(int index) {
        for (Slot s : slots) {
            if (s.index == index) {
                return s;
            }
        }
        return null;
    }
}
