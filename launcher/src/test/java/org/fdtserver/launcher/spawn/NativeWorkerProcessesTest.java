package org.fdtserver.launcher.spawn;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.fdtserver.launcher.posix.ExitStatus;
import org.fdtserver.launcher.posix.Spawner;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** SIGTERM, SIGKILL and reaping, on real children (sleep) the launcher spawned itself. */
public class NativeWorkerProcessesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NativeWorkerProcesses processes = new NativeWorkerProcesses(Path.of("."), null);
    private long child;

    @After
    public void tearDown() {
        if (child > 0) {
            processes.kill(child);
            await().atMost(Duration.ofSeconds(10)).until(() -> processes.poll(child).isPresent());
        }
    }

    private ExitStatus reaped(long pid) {
        AtomicReference<ExitStatus> status = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Optional<ExitStatus> s = processes.poll(pid);
            s.ifPresent(status::set);
            return s.isPresent();
        });
        child = 0;
        return status.get();
    }

    @Test
    public void terminateSendsSigterm() throws Exception {
        child = new Spawner().spawn(List.of("sleep", "60"), List.of());
        assertEquals("still running", Optional.empty(), processes.poll(child));
        processes.terminate(child);
        assertEquals("signal SIGTERM", reaped(child).toString());
    }

    @Test
    public void killSendsSigkill() throws Exception {
        child = new Spawner().spawn(List.of("sleep", "60"), List.of());
        processes.kill(child);
        assertEquals("signal SIGKILL", reaped(child).toString());
    }

    @Test
    public void aPidThatIsNoChildOfOursCountsAsGone() {
        long notOurs = ProcessHandle.current().parent().orElseThrow().pid(); // waitpid: ECHILD
        assertEquals(Optional.of(new ExitStatus(-1, 0)), processes.poll(notOurs));
    }

    @Test
    public void aWorkerThatRecordedTheClassDataArchiveAndExitedCleanlyPublishesItForTheNextOne() throws Exception {
        Path home = tmp.newFolder("home").toPath();
        java.nio.file.Files.createDirectories(home.resolve("runtime"));
        Path jdk = tmp.newFolder("jdk").toPath();
        java.nio.file.Files.createDirectories(jdk.resolve("bin"));
        java.nio.file.Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.1\"\n");
        Path javaBin = jdk.resolve("bin/java");
        // A stand-in worker JVM: records the archive it is asked for, exits 0.
        java.nio.file.Files.writeString(javaBin, "#!/bin/sh\n"
                + "for a; do case \"$a\" in -XX:ArchiveClassesAtExit=*) echo archive > \"${a#*=}\";; esac; done\n");
        assertTrue(javaBin.toFile().setExecutable(true));
        java.util.Properties p = new java.util.Properties();
        p.setProperty("worker.java", javaBin.toString());
        org.fdtserver.launcher.config.LauncherConfig config = org.fdtserver.launcher.config.ConfigParser.parse(
                Path.of("test.properties"), p, home);
        ClassDataCache cache = new ClassDataCache(tmp.getRoot().toPath().resolve("cache"), home);
        NativeWorkerProcesses withCache = new NativeWorkerProcesses(home, cache);
        long pid = withCache.spawn("1.0", new org.fdtserver.launcher.supervisor.GenerationPlan(
                1, config, Path.of("worker.properties"), List.of(), List.of()));
        AtomicReference<ExitStatus> status = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            withCache.poll(pid).ifPresent(status::set);
            return status.get() != null;
        });
        assertEquals("exit code 0", status.get().toString());
        List<String> next = cache.options(javaBin, config.jvmOptions(), "1.1");
        assertTrue(next.toString(), next.get(0).startsWith("-XX:SharedArchiveFile="));
    }

    @Test
    public void aProgramThatCannotBeSpawnedNamesTheProgramAndTheErrno() {
        IOException e = assertThrows(IOException.class,
                () -> new Spawner().spawn(List.of("/nonexistent/fdtserver-java", "-version"), List.of()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("posix_spawnp /nonexistent/fdtserver-java failed: errno "));
    }
}
