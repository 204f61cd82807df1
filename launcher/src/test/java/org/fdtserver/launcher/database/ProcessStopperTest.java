package org.fdtserver.launcher.database;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

public class ProcessStopperTest {

    @Test
    public void aProcessThatHeedsTheFirstSignalGetsNoOther() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        ProcessStopper.stop(p.toHandle(), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertFalse(p.isAlive());
        assertTrue("ended by SIGINT", p.exitValue() == 128 + 2);
    }

    @Test
    public void aProcessThatIgnoresIntAndQuitIsKilled() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' INT QUIT; echo ready; while :; do sleep 1; done").start();
        p.getInputStream().read(); // the traps are set
        ProcessStopper.stop(p.toHandle(), Duration.ofMillis(300), Duration.ofMillis(300));
        assertTrue(ProcessStopper.exited(p.toHandle(), Duration.ofSeconds(10)));
        assertTrue("ended by SIGKILL", p.exitValue() == 128 + 9);
    }
}
