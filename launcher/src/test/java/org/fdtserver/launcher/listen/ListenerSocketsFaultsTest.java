package org.fdtserver.launcher.listen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.config.ListenerConfig;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMRules;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;

/**
 * Faults the operating system can throw at the listening sockets, injected with Byteman. The
 * unit-test JVM runs without bin/fdtserver's {@code --add-exports}, so a rule reads the socket's
 * descriptor as the launcher would.
 */
@RunWith(BMUnitRunner.class)
public class ListenerSocketsFaultsTest {

    /** As FileDescriptors.fdOf does in a launcher JVM with the export. */
    private static final String READ_FD = "org.fdtserver.launcher.posix.FileDescriptors";

    @Rule
    public LogCapture log = new LogCapture();

    @Test
    @BMRules(rules = {
        @BMRule(name = "read the fd as the exported JDK internals would",
                targetClass = READ_FD, targetMethod = "fdOf",
                binding = "ch : sun.nio.ch.SelChImpl = $1",
                action = "return ch.getFDVal()"),
        @BMRule(name = "closing the listening socket fails",
                targetClass = "java.nio.channels.spi.AbstractInterruptibleChannel", targetMethod = "close",
                targetLocation = "AT EXIT",
                condition = "callerEquals(\"org.fdtserver.launcher.listen.ListenerSockets.closeOne\", true, true)",
                action = "throw new java.io.IOException(\"Input/output error\")")})
    public void aListeningSocketWhoseCloseFailsIsLoggedAndNoLongerAccepts() throws Exception {
        ListenerSockets sockets = new ListenerSockets();
        BoundListener echo = sockets.acquire(List.of(new ListenerConfig("echo", "127.0.0.1", 0, 50))).get(0);
        Path copy = Path.of("/proc/self/fd/" + echo.inheritableFd());
        assertTrue("the copy workers inherit", Files.exists(copy));
        sockets.close();
        assertTrue(log.lines().toString(), log.has("WARNING closing listener 'echo': java.io.IOException: Input/output error"));
        assertFalse("the copy is closed", Files.exists(copy));
        assertThrows("the port is let go", IOException.class, () -> new Socket(InetAddress.getByName("127.0.0.1"), echo.port()).close());
    }
}
