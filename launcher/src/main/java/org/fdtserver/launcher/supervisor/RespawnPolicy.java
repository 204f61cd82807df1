package org.fdtserver.launcher.supervisor;

import java.util.OptionalLong;

/**
 * Backoff for one worker slot: the first respawn at once, then 1 s doubling to 30 s while the
 * respawned workers keep dying within 10 s of their start; give up after 5 such failed starts.
 */
final class RespawnPolicy {

    /** A worker that lived this long counts as a successful start. */
    static final long STABLE_MILLIS = 10_000;
    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long MAX_DELAY_MILLIS = 30_000;
    static final int MAX_FAILED_STARTS = 5;

    private int deaths;
    private int failedStarts;

    /**
     * Records a death and says when to respawn.
     *
     * @param livedMillis how long the dead worker ran
     * @return the delay before respawning, or empty to stop respawning this slot
     */
    OptionalLong onDeath(long livedMillis) {
        if (livedMillis >= STABLE_MILLIS) {
            deaths = 0;
            failedStarts = 0;
        } else {
            failedStarts++;
        }
        deaths++;
        if (failedStarts >= MAX_FAILED_STARTS) {
            return OptionalLong.empty();
        }
        if (deaths == 1) {
            return OptionalLong.of(0);
        }
        long delay = FIRST_DELAY_MILLIS << Math.min(deaths - 2, 5);
        return OptionalLong.of(Math.min(delay, MAX_DELAY_MILLIS));
    }

    /** @return consecutive starts that died within {@link #STABLE_MILLIS} */
    int failedStarts() {
        return failedStarts;
    }
}
