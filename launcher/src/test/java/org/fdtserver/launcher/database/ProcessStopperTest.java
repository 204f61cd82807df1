package org.fdtserver.launcher.database;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.fdtserver.launcher.LogCapture;
import org.junit.Rule;
import org.junit.Test;

public class ProcessStopperTest {

    @Rule
    public LogCapture log = new LogCapture();

    @Test
    public void aProcessThatHeedsTheFirstSignalGetsNoOther() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        ProcessStopper.stop(p.toHandle(), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertFalse(p.isAlive());
        assertTrue("ended by SIGINT", p.exitValue() == 128 + 2);
        assertTrue("a fast shutdown that worked is no warning: " + log.lines(), log.lines().isEmpty());
    }

    @Test
    public void aProcessThatIgnoresIntAndQuitIsKilled() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' INT QUIT; echo ready; while :; do sleep 1; done").start();
        p.getInputStream().read(); // the traps are set
        ProcessStopper.stop(p.toHandle(), Duration.ofMillis(300), Duration.ofMillis(300));
        assertTrue(ProcessStopper.exited(p.toHandle(), Duration.ofSeconds(10)));
        assertTrue("ended by SIGKILL", p.exitValue() == 128 + 9);
        assertTrue(log.lines().toString(), log.has("WARNING PostgreSQL (pid " + p.pid() + ") is still running 300 ms after the last signal; SIGQUIT"));
    }
}
