package org.fdtserver.launcher.posix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ExitStatusTest {

    @Test
    public void decodesWaitStatus() {
        assertEquals(ExitStatus.exited(3), ExitStatus.decode(3 << 8));
        assertTrue(ExitStatus.decode(3 << 8).exitedWith(3));
        assertEquals(new ExitStatus(-1, 9), ExitStatus.decode(9));
        assertEquals("signal SIGKILL", ExitStatus.decode(9).toString());
        assertEquals("exit code 0", ExitStatus.decode(0).toString());
    }

    @Test
    public void decodesTheJdksExitValue() {
        assertEquals("signal SIGKILL", ExitStatus.fromExitValue(128 + 9).toString());
        assertEquals("exit code 1", ExitStatus.fromExitValue(1).toString());
    }
}
