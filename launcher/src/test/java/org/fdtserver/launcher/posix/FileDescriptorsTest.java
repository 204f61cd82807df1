package org.fdtserver.launcher.posix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import org.junit.Test;

public class FileDescriptorsTest {

    @Test
    public void aCopyOfADescriptorThatIsNotOpenFailsWithTheErrno() {
        IOException e = assertThrows(IOException.class, () -> FileDescriptors.dupAtOrAbove(-1, 64));
        assertEquals("fcntl(-1, F_DUPFD, 64) failed: errno Bad file descriptor", e.getMessage());
    }
}
