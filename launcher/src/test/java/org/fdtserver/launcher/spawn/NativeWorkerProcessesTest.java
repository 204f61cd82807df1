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
import org.junit.Test;

/** SIGTERM, SIGKILL and reaping, on real children (sleep) the launcher spawned itself. */
public class NativeWorkerProcessesTest {

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
    public void aProgramThatCannotBeSpawnedNamesTheProgramAndTheErrno() {
        IOException e = assertThrows(IOException.class,
                () -> new Spawner().spawn(List.of("/nonexistent/fdtserver-java", "-version"), List.of()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("posix_spawnp /nonexistent/fdtserver-java failed: errno "));
    }
}
