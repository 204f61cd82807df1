package org.fdtserver.launcher.posix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
        assertFalse("killed is no clean exit (a class-data archive it recorded is dropped)", ExitStatus.decode(9).exitedWith(0));
        assertFalse(ExitStatus.exited(1).exitedWith(0));
    }

    @Test
    public void decodesTheJdksExitValue() {
        assertEquals("signal SIGKILL", ExitStatus.fromExitValue(128 + 9).toString());
        assertEquals("exit code 1", ExitStatus.fromExitValue(1).toString());
        assertEquals("128 itself is an exit code, no signal", "exit code 128", ExitStatus.fromExitValue(128).toString());
    }
}
