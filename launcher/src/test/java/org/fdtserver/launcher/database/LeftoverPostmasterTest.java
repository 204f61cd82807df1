package org.fdtserver.launcher.database;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LeftoverPostmasterTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aPostgresWorkingInTheDataDirectoryIsStopped() throws Exception {
        Path data = tmp.newFolder("postgres").toPath();
        Path fake = tmp.newFolder("bin").toPath().resolve("postgres");
        Files.copy(Path.of("/bin/sleep"), fake, StandardCopyOption.COPY_ATTRIBUTES);
        Process server = new ProcessBuilder(fake.toString(), "600").directory(data.toFile()).start();
        Files.writeString(data.resolve("postmaster.pid"), server.pid() + "\n" + data + "\n");
        LeftoverPostmaster.stopIfRunning(data, Duration.ofSeconds(30));
        assertTrue(ProcessStopper.exited(server.toHandle(), Duration.ofSeconds(10)));
    }

    @Test
    public void anyOtherPidFileIsStaleAndRemoved() throws Exception {
        Path data = tmp.newFolder("postgres").toPath();
        Path pidFile = data.resolve("postmaster.pid");
        LeftoverPostmaster.stopIfRunning(data, Duration.ofSeconds(1)); // none at all
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        LeftoverPostmaster.stopIfRunning(data, Duration.ofSeconds(1));
        assertFalse("this JVM is no postgres of that directory", Files.exists(pidFile));
        Files.writeString(pidFile, "");
        LeftoverPostmaster.stopIfRunning(data, Duration.ofSeconds(1));
        assertFalse("an empty file is stale", Files.exists(pidFile));
    }

    @Test
    public void anotherProgramWorkingInTheDataDirectoryIsLeftAlone() throws Exception {
        Path data = tmp.newFolder("postgres").toPath();
        Process shell = new ProcessBuilder("sleep", "600").directory(data.toFile()).start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), shell.pid() + "\n" + data + "\n");
            LeftoverPostmaster.stopIfRunning(data, Duration.ofSeconds(1));
            assertTrue("an operator's program in the directory is no postmaster", shell.isAlive());
            assertFalse("the pid file is stale", Files.exists(data.resolve("postmaster.pid")));
        } finally {
            shell.destroyForcibly();
        }
    }

    @Test
    public void aProcessThatIsGoneServesNothing() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertFalse(LeftoverPostmaster.isPostmasterOf(gone.toHandle(), tmp.getRoot().toPath()));
    }
}
