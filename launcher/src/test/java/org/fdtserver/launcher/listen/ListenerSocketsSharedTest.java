package org.fdtserver.launcher.listen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.config.ListenerConfig;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;

/**
 * The shared (non-reuseport) listening sockets across acquire, retain and reload. The unit-test
 * JVM runs without bin/fdtserver's {@code --add-exports}, so a rule reads the socket's descriptor
 * as the launcher would.
 */
@RunWith(BMUnitRunner.class)
@BMRule(name = "read the fd as the exported JDK internals would",
        targetClass = "org.fdtserver.launcher.posix.FileDescriptors", targetMethod = "fdOf",
        binding = "ch : sun.nio.ch.SelChImpl = $1",
        action = "return ch.getFDVal()")
public class ListenerSocketsSharedTest {

    @Rule
    public LogCapture log = new LogCapture();

    private final ListenerSockets sockets = new ListenerSockets();

    @After
    public void tearDown() {
        sockets.close();
    }

    private static ListenerConfig shared(String name, int port) {
        return new ListenerConfig(name, "127.0.0.1", port, 50);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** @return whether another socket can bind the port, i.e. the launcher let go of it */
    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    public void twoPortZeroListenersGetAPortEachAndKeepItAcrossAReload() throws Exception {
        List<BoundListener> first = sockets.acquire(List.of(shared("echo", 0), shared("http", 0)));
        assertNotEquals(first.get(0).port(), first.get(1).port());
        List<BoundListener> again = sockets.acquire(List.of(shared("echo", 0), shared("http", 0)));
        assertEquals(first.get(0).port(), again.get(0).port());
        assertEquals(first.get(1).port(), again.get(1).port());
    }

    @Test
    public void aFixedPortListenerRenamedByAReloadKeepsItsSocket() throws Exception {
        int port = freePort();
        BoundListener echo = sockets.acquire(List.of(shared("echo", port))).get(0);
        BoundListener renamed = sockets.acquire(List.of(shared("echo2", port))).get(0);
        assertEquals("the same socket, not a second bind of the port", echo.inheritableFd(), renamed.inheritableFd());
        assertEquals("echo2", renamed.config().name());
    }

    @Test
    public void aFailedAcquireLetsGoOfTheSocketsItBound() throws Exception {
        int port = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThrows(ListenerSockets.BindException.class,
                    () -> sockets.acquire(List.of(shared("echo", port), shared("http", taken.getLocalPort()))));
        }
        assertTrue("echo's port is free again for the next attempt", bindable(port));
    }

    @Test
    public void aListenerNoGenerationUsesStopsAcceptingAndIsBoundAfreshWhenWantedAgain() throws Exception {
        int port = freePort();
        sockets.acquire(List.of(shared("echo", port)));
        assertTrue(accepts(port));
        sockets.retain(List.of());
        assertTrue(log.lines().toString(), log.has("INFO listener 'echo' on 127.0.0.1:" + port + " closed: no generation uses it any more"));
        assertTrue("the port is let go", bindable(port));
        BoundListener again = sockets.acquire(List.of(shared("echo", port))).get(0);
        assertTrue("a fresh socket, not the closed one: " + again, again.channel().isOpen());
        assertTrue(accepts(port));
    }
}
