package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.fdtserver.runtime.protocol.ControlMessage.Verb;
import org.fdtserver.runtime.protocol.EngineSettings;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.fdtserver.runtime.protocol.WorkerSpec;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A worker JVM started without what the launcher gives it exits at once with a code and a line on
 * stderr that say why. Each case is a real JVM on this test's class path (with its coverage agent).
 */
public class WorkerMainTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The exit code and what the worker printed (its log goes to its standard streams too). */
    private record Exit(int code, String stderr) {
    }

    private Exit worker(String... properties) throws IOException, InterruptedException {
        return exit(start(properties));
    }

    private Process start(String... properties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco")).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(properties));
        command.add(WorkerMain.class.getName());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Exit exit(Process p) throws IOException, InterruptedException {
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the worker exits", p.waitFor(30, TimeUnit.SECONDS));
        return new Exit(p.exitValue(), output);
    }

    @Test
    public void withoutItsPropertiesItSaysTheLauncherStartsWorkers() throws Exception {
        Exit exit = worker();
        assertEquals(ExitCodes.BOOT_FAILED, exit.code());
        assertTrue(exit.stderr(), exit.stderr().contains("fdtserver worker: system properties " + WorkerSpec.ID_PROPERTY
                + " and " + WorkerSpec.SPEC_PROPERTY + " are required; workers are started by the launcher"));
    }

    @Test
    public void anUnreadableSpecIsNamed() throws Exception {
        Path missing = tmp.getRoot().toPath().resolve("worker-9.properties");
        Exit exit = worker("-D" + WorkerSpec.ID_PROPERTY + "=9.0", "-D" + WorkerSpec.SPEC_PROPERTY + "=" + missing);
        assertEquals(ExitCodes.BOOT_FAILED, exit.code());
        assertTrue(exit.stderr(), exit.stderr().contains("fdtserver worker 9.0: cannot read worker spec: " + missing));
    }

    @Test
    public void aWorkerWhoseLauncherIsGoneExitsOrphaned() throws Exception {
        Path dir = tmp.getRoot().toPath();
        WorkerSpec spec = new WorkerSpec(9, dir.resolve("control.sock"), dir, dir.resolve("system"), dir.resolve("bundles"),
                dir.resolve("cache"), List.of(), new EngineSettings(1, 1, 1024, 0, 10, 1000, 0), Optional.empty(), "INFO");
        Path file = dir.resolve("worker-9.properties");
        spec.write(file);
        Exit exit = worker("-D" + WorkerSpec.ID_PROPERTY + "=9.0", "-D" + WorkerSpec.SPEC_PROPERTY + "=" + file);
        assertEquals(exit.stderr(), ExitCodes.ORPHANED, exit.code());
        assertTrue(exit.stderr(), exit.stderr().contains("cannot reach the launcher at " + dir.resolve("control.sock")));
        assertTrue(exit.stderr(), exit.stderr().contains("; exiting"));
    }

    /**
     * HALT is the fast stop: the worker exits 0 at once, without draining or cleaning up. (The
     * coverage agent records nothing of a JVM that halts, so this test is what shows the path works.)
     */
    @Test
    public void aWorkerToldToHaltExitsAtOnceWithoutDraining() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Path system = Files.createDirectories(dir.resolve("system"));
        TestEngineBundle.copyConfigAdminTo(system); // no engine: the worker waits for one until the launcher acts
        WorkerSpec spec = new WorkerSpec(9, dir.resolve("control.sock"), dir, system, Files.createDirectories(dir.resolve("bundles")),
                dir.resolve("cache"), List.of(), new EngineSettings(1, 1, 1024, 0, 10, 1000, 0), Optional.empty(), "INFO");
        Path file = dir.resolve("worker-9.properties");
        spec.write(file);
        Path cache = dir.resolve("cache").resolve("worker-9.0");
        try (FakeLauncher launcher = new FakeLauncher(spec.controlSocket())) {
            Process worker = start("-D" + WorkerSpec.ID_PROPERTY + "=9.0", "-D" + WorkerSpec.SPEC_PROPERTY + "=" + file);
            launcher.await(Verb.HELLO);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(cache));
            launcher.send(Verb.HALT);
            Exit exit = exit(worker);
            assertEquals(exit.stderr(), ExitCodes.OK, exit.code());
            assertTrue(exit.stderr(), exit.stderr().contains("halt requested by the launcher: exiting now"));
            assertEquals("no DRAINING, no FAILED", List.of(Verb.HELLO), launcher.verbs());
            assertTrue("no cleanup: the bundle cache is left", Files.isDirectory(cache));
        }
    }
}
