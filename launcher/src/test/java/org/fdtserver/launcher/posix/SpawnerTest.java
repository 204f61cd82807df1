package org.fdtserver.launcher.posix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What a spawned child inherits of the launcher's descriptors. */
public class SpawnerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aChildInheritsItsStandardStreamsButNoneOfTheDescriptorsTheLauncherOpenedMeanwhile() throws Exception {
        Path marker = tmp.newFile("opened-by-the-launcher").toPath();
        Path listing = tmp.getRoot().toPath().resolve("child-fds");
        try (FileChannel open = FileChannel.open(marker, StandardOpenOption.READ)) {
            long pid = new Spawner().spawn(List.of("sh", "-c", "ls -l /proc/$$/fd > '" + listing + "'; true"), List.of());
            int[] status = new int[1];
            assertEquals(pid, NativePosix.get().waitpid((int) pid, status, 0));
            assertTrue(ExitStatus.decode(status[0]).exitedWith(0));
            assertTrue("the launcher still has it open", open.isOpen());
        }
        String fds = Files.readString(listing);
        assertTrue("it keeps the launcher's stderr, where a JVM that cannot start says why: " + fds, fds.contains(" 2 -> "));
        assertFalse("a worker holding the launcher's descriptors would keep them open past their close: " + fds,
                fds.contains("opened-by-the-launcher"));
    }
}
