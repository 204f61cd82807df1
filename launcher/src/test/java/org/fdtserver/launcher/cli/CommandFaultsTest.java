package org.fdtserver.launcher.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.fdtserver.launcher.config.RunDirectory;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** What `fdtserver reload` and `stop` print when their wait for the launcher fails, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class CommandFaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public ConsoleCapture console = new ConsoleCapture();

    private RunDirectory run;
    private Process child;

    @Before
    public void setUp() {
        run = new RunDirectory(tmp.getRoot().toPath(), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @After
    public void tearDown() {
        Thread.interrupted();
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    @BMRule(name = "the connection breaks while reload waits for the outcome",
            targetClass = "org.fdtserver.runtime.protocol.LineChannel", targetMethod = "readLine",
            condition = "callerMatches(\"lambda.readWithin.*\")",
            action = "throw new java.io.IOException(\"Connection reset by peer\")")
    public void reloadWhoseConnectionBreaksAfterTheHupSaysTheOutcomeIsUnknown() throws Exception {
        child = CommandsTest.hupIgnoringChild();
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("WAITING " + child.pid() + " 1"), false)) {
            assertEquals(1, ReloadCommand.run(run.controlSocket(), 10_000));
        }
        assertEquals("sent HUP to launcher pid " + child.pid() + "; waiting for the new generation\n"
                + "fdtserver reload: lost the launcher's answer (java.io.IOException: Connection reset by peer);"
                + " see `fdtserver status`\n", console.out());
    }

    @Test
    @BMRule(name = "reload is interrupted while it waits for the outcome",
            targetClass = "java.util.concurrent.CompletableFuture", targetMethod = "get(long, java.util.concurrent.TimeUnit)",
            condition = "callerEquals(\"org.fdtserver.launcher.cli.ReloadCommand.readWithin\", true, true)",
            action = "Thread.currentThread().interrupt()")
    public void reloadInterruptedWhileWaitingSaysTheOutcomeIsUnknownAndKeepsTheInterrupt() throws Exception {
        child = CommandsTest.hupIgnoringChild();
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("WAITING " + child.pid() + " 1"), false)) {
            assertEquals(1, ReloadCommand.run(run.controlSocket(), 10_000));
            assertTrue("the interrupt status is kept", Thread.interrupted());
        }
        assertEquals("sent HUP to launcher pid " + child.pid() + "; waiting for the new generation\n"
                + "fdtserver reload: lost the launcher's answer (interrupted); see `fdtserver status`\n", console.out());
    }

    @Test
    @BMRule(name = "the launcher's kill deadline passes at once",
            targetClass = "java.util.concurrent.CompletableFuture", targetMethod = "get(long, java.util.concurrent.TimeUnit)",
            condition = "callerEquals(\"org.fdtserver.launcher.cli.StopCommand.run\", true, true)",
            action = "$1 = 0L")
    public void stopOfALauncherThatOutlivesTheWaitSaysItStillRuns() throws Exception {
        child = termIgnoringChild();
        Files.writeString(run.pidFile(), child.pid() + "\n");
        assertEquals(1, StopCommand.run(run, false));
        assertTrue("TERM was ignored", child.isAlive());
        long waitSeconds = org.fdtserver.runtime.protocol.TimingBudgets.drainKillAfterMillis(1_000) / 1000 + StopCommand.MARGIN_SECONDS;
        assertEquals("sent TERM to launcher pid " + child.pid() + "\n"
                + "launcher pid " + child.pid() + " still runs after " + waitSeconds + " s\n", console.out());
    }

    @Test
    @BMRule(name = "stop is interrupted while it waits for the exit",
            targetClass = "java.util.concurrent.CompletableFuture", targetMethod = "get(long, java.util.concurrent.TimeUnit)",
            condition = "callerEquals(\"org.fdtserver.launcher.cli.StopCommand.run\", true, true)",
            action = "Thread.currentThread().interrupt()")
    public void stopInterruptedWhileWaitingSaysItStoppedWaiting() throws Exception {
        child = termIgnoringChild();
        Files.writeString(run.pidFile(), child.pid() + "\n");
        assertEquals(1, StopCommand.run(run, false));
        assertTrue(child.isAlive());
        assertEquals("sent TERM to launcher pid " + child.pid() + "\n"
                + "stopped waiting: java.lang.InterruptedException\n", console.out());
    }

    /** A stand-in launcher that survives TERM, as one whose workers do not drain would. */
    private static Process termIgnoringChild() throws Exception {
        return CommandsTest.signalIgnoringChild("TERM", 15);
    }
}
