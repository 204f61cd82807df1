package org.fdtserver.launcher.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.OptionalLong;
import org.junit.Test;

public class RespawnPolicyTest {

    @Test
    public void firstRespawnAtOnceThenDoublingUpTo30Seconds() {
        RespawnPolicy p = new RespawnPolicy();
        long[] expected = {0, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (long e : expected) {
            assertEquals(OptionalLong.of(e), p.onDeath(100, true));
        }
    }

    @Test
    public void givesUpAfterFiveFailedStarts() {
        RespawnPolicy p = new RespawnPolicy();
        for (int i = 0; i < 4; i++) {
            assertTrue(p.onDeath(100, false).isPresent());
        }
        assertEquals(4, p.failedStarts());
        assertTrue(p.onDeath(100, false).isEmpty());
    }

    @Test
    public void aReadyWorkerResetsTheFailedStarts() {
        RespawnPolicy p = new RespawnPolicy();
        for (int i = 0; i < 4; i++) {
            p.onDeath(100, false);
        }
        p.onDeath(100, true);
        assertEquals(0, p.failedStarts());
        assertTrue(p.onDeath(100, false).isPresent());
    }

    @Test
    public void aStableWorkerResetsTheBackoff() {
        RespawnPolicy p = new RespawnPolicy();
        p.onDeath(100, true);
        p.onDeath(100, true);
        p.onDeath(100, true);
        assertEquals(OptionalLong.of(0), p.onDeath(10_000, true));
        assertEquals(OptionalLong.of(0), p.onDeath(5, true));
        assertEquals(OptionalLong.of(1000), p.onDeath(5, true));
    }
}
