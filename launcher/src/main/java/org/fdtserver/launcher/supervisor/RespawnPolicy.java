package org.fdtserver.launcher.supervisor;

import java.util.OptionalLong;

/**
 * Backoff for one worker slot. The first respawn is at once; while respawned workers keep dying
 * within 10 s of their start, the delay doubles from 1 s up to 30 s. A slot whose workers die 5
 * times in a row before ever becoming READY (failed starts) is given up: respawning a worker that
 * cannot boot only burns the machine.
 */
final class RespawnPolicy {

    /** A worker that lived this long ends the streak of quick deaths. */
    static final long STABLE_MILLIS = 10_000;
    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long MAX_DELAY_MILLIS = 30_000;
    static final int MAX_FAILED_STARTS = 5;

    private int quickDeaths;
    private int failedStarts;

    /**
     * Records a death and says when to respawn.
     *
     * @param livedMillis how long the dead worker ran
     * @param becameReady whether it ever reported READY
     * @return the delay before respawning, or empty to stop respawning this slot
     */
    OptionalLong onDeath(long livedMillis, boolean becameReady) {
        quickDeaths = livedMillis >= STABLE_MILLIS ? 0 : quickDeaths + 1;
        failedStarts = becameReady ? 0 : failedStarts + 1;
        if (failedStarts >= MAX_FAILED_STARTS) {
            return OptionalLong.empty();
        }
        if (quickDeaths <= 1) {
            return OptionalLong.of(0);
        }
        long delay = FIRST_DELAY_MILLIS << Math.min(quickDeaths - 2, 5);
        return OptionalLong.of(Math.min(delay, MAX_DELAY_MILLIS));
    }

    /** @return consecutive deaths before READY */
    int failedStarts() {
        return failedStarts;
    }
}
