package org.fdtserver.launcher.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fdtserver.launcher.config.RunDirectory;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What `fdtserver reload`, `stop --now`, `shell` and `tx` print when the launcher side goes wrong. */
public class CommandsTest {

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
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    public void reloadWithoutALauncherSaysItIsNotRunning() {
        assertEquals(1, ReloadCommand.run(run.controlSocket(), 1_000));
        assertEquals(true, console.out().startsWith("fdtserver is not running (cannot connect to " + run.controlSocket() + ": "));
    }

    @Test
    public void reloadRefusedByAStoppingLauncherSaysSo() throws Exception {
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("error: the launcher is stopping"))) {
            assertEquals(1, ReloadCommand.run(run.controlSocket(), 1_000));
            assertEquals("CLI await-reload", l.request());
        }
        assertEquals("fdtserver reload: the launcher refused: error: the launcher is stopping\n", console.out());
    }

    @Test
    public void reloadThatCannotSignalTheLauncherSaysWhichPid() throws Exception {
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("WAITING 2147483647 1"))) {
            assertEquals(1, ReloadCommand.run(run.controlSocket(), 1_000));
        }
        assertEquals("fdtserver reload: cannot send HUP to launcher pid 2147483647\n", console.out());
    }

    @Test
    public void reloadWhoseLauncherHangsUpWithoutAnOutcomeSaysSo() throws Exception {
        child = hupIgnoringChild();
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("WAITING " + child.pid() + " 1"))) {
            assertEquals(1, ReloadCommand.run(run.controlSocket(), 10_000));
        }
        assertEquals("sent HUP to launcher pid " + child.pid() + "; waiting for the new generation\n"
                + "fdtserver reload: the launcher closed the connection without an outcome (stopping?)\n", console.out());
    }

    @Test
    public void reloadWithoutAnOutcomeInTimeSendsToStatus() throws Exception {
        child = hupIgnoringChild();
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("WAITING " + child.pid() + " 1"), false)) {
            assertEquals(1, ReloadCommand.run(run.controlSocket(), 300));
        }
        assertEquals("sent HUP to launcher pid " + child.pid() + "; waiting for the new generation\n"
                + "fdtserver reload: no outcome after 300 ms; see `fdtserver status`\n", console.out());
    }

    @Test
    public void anOutcomeTheCommandDoesNotKnowIsPrintedAndFails() {
        assertEquals(1, ReloadCommand.report("RETRYING 3"));
        assertEquals("fdtserver reload: RETRYING 3\n", console.out());
    }

    @Test
    public void stopNowAsksTheLauncherToHaltAndWaitsForItsExit() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        Files.writeString(run.pidFile(), child.pid() + "\n");
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> {
            child.destroy(); // the launcher halts its workers and exits
            return List.of("halting");
        })) {
            assertEquals(0, StopCommand.run(run, true));
            assertEquals("CLI halt", l.request());
        }
        assertEquals("asked launcher pid " + child.pid() + " to halt its workers\n"
                + "launcher pid " + child.pid() + " has exited\n", console.out());
    }

    @Test
    public void stopNowWithoutAControlSocketSendsTermInstead() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        Files.writeString(run.pidFile(), child.pid() + "\n");
        assertEquals(0, StopCommand.run(run, true));
        assertEquals(false, child.isAlive());
        assertEquals(143, child.exitValue());
        String[] out = console.out().split("\n");
        assertEquals(2, out.length);
        assertEquals(true, out[0].startsWith("cannot reach " + run.controlSocket() + " ("));
        assertEquals(true, out[0].endsWith("); sending TERM instead"));
        assertEquals("launcher pid " + child.pid() + " has exited", out[1]);
    }

    @Test
    public void shellToAWorkerWithoutItsShellSocketSaysWhichSocket() throws Exception {
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("1.0 4242 READY 1"))) {
            assertEquals(1, ShellCommand.run(run, 0));
            assertEquals("CLI workers", l.request());
        }
        assertEquals(true, console.err().startsWith("cannot use the shell of worker 1.0 at " + run.shellSocket("1.0") + ": "));
    }

    @Test
    public void aShellSessionThatEndsWithItsStatusExitsWithIt() throws Exception {
        java.io.InputStream stdin = System.in;
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("1.0 4242 READY 1"));
                java.nio.channels.ServerSocketChannel shell = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            shell.bind(java.net.UnixDomainSocketAddress.of(run.shellSocket("1.0")));
            java.util.concurrent.CompletableFuture<Void> worker = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.nio.channels.SocketChannel ch = shell.accept()) {
                    java.nio.ByteBuffer greeting = java.nio.ByteBuffer.allocate(64);
                    while (ch.read(greeting) >= 0) {
                        greeting.clear(); // up to the end of the (empty) input
                    }
                    ch.write(java.nio.ByteBuffer.wrap("g! \u00000\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            assertEquals(0, ShellCommand.run(run, 0));
            worker.get();
        } finally {
            System.setIn(stdin);
        }
        assertEquals("g! ", console.out());
        assertEquals("", console.err());
    }

    @Test
    public void txToAWorkerWithoutItsShellSocketSaysWhichSocket() throws Exception {
        try (FakeLauncher l = new FakeLauncher(run.controlSocket(), r -> List.of("1.0 4242 READY 1"))) {
            assertEquals(1, TxCommand.run(run, List.of("list")));
        }
        assertEquals(true, console.err().startsWith("cannot use the shell of worker 1.0 at " + run.shellSocket("1.0") + ": "));
        assertEquals("", console.out());
    }

    /** A stand-in launcher process that survives HUP, so that the command's kill succeeds harmlessly. */
    static Process hupIgnoringChild() throws Exception {
        return signalIgnoringChild("HUP", 1);
    }

    /** A {@code sleep 60} that ignores the signal given, once the trap is in place. */
    static Process signalIgnoringChild(String signal, int number) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' " + signal + "; exec sleep 60").start();
        Path status = Path.of("/proc/" + p.pid() + "/status");
        await().atMost(Duration.ofSeconds(10)).until(() -> sigIgn(status, number) && Files.readString(status).contains("Name:\tsleep"));
        return p;
    }

    private static boolean sigIgn(Path status, int number) throws Exception {
        String line = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0");
        return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (number - 1))) != 0;
    }
}
