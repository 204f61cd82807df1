package org.fdtserver.launcher.listen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.config.ListenerConfig;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * What the operator is told when a listener cannot be bound or changes across a reload. The
 * unit-test JVM runs without the launcher script's {@code --add-exports}, so only reuseport
 * listeners (no file descriptor to hand on) bind here; the shared-socket path is the process tests'.
 */
public class ListenerSocketsTest {

    @Rule
    public LogCapture log = new LogCapture();

    private final ListenerSockets sockets = new ListenerSockets();

    @After
    public void tearDown() {
        sockets.close();
    }

    private static ListenerConfig reusePort(String name, int backlog) {
        return new ListenerConfig(name, "127.0.0.1", 0, backlog, true, 0, 0);
    }

    @Test
    public void aPortInUseIsRefusedNamingTheListenerAndTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ListenerConfig echo = new ListenerConfig("echo", "127.0.0.1", taken.getLocalPort(), 50);
            ListenerSockets.BindException e = assertThrows(ListenerSockets.BindException.class,
                    () -> sockets.acquire(List.of(reusePort("first", 10), echo)));
            assertTrue(e.getMessage(), e.getMessage().startsWith(
                    "cannot bind listener 'echo' on 127.0.0.1:" + taken.getLocalPort() + ": "));
            assertTrue(e.getMessage(), e.getMessage().contains("Address already in use"));
        }
        sockets.retain(List.of());
        assertTrue("what the failed call bound was let go at once, not kept until now: " + log.lines(), log.lines().stream()
                .noneMatch(l -> l.contains("'first'") && l.contains("closed")));
    }

    @Test
    public void aLauncherJvmWithoutTheExportTellsWhichFlagItNeeds() {
        ListenerSockets.BindException e = assertThrows(ListenerSockets.BindException.class,
                () -> sockets.acquire(List.of(new ListenerConfig("echo", "127.0.0.1", 0, 50))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot bind listener 'echo' on 127.0.0.1:0: "
                + "cannot read the listening socket's file descriptor"));
        assertTrue(e.getMessage(), e.getMessage().endsWith(
                "start the launcher JVM with --add-exports java.base/sun.nio.ch=ALL-UNNAMED (bin/fdtserver does)"));
    }

    @Test
    public void aSocketThatFailsAfterItsBindLetsGoOfThePort() throws Exception {
        int port = ListenerSocketsSharedTest.freePort();
        assertThrows(ListenerSockets.BindException.class,
                () -> sockets.acquire(List.of(new ListenerConfig("echo", "127.0.0.1", port, 50))));
        assertTrue("bound, then its descriptor could not be read: closed again", ListenerSocketsSharedTest.bindable(port));
    }

    @Test
    public void aReloadThatChangesTheBacklogKeepsTheSocketAndSaysARestartIsNeeded() throws Exception {
        BoundListener first = sockets.acquire(List.of(reusePort("echo", 10))).get(0);
        BoundListener again = sockets.acquire(List.of(reusePort("echo", 20))).get(0);
        assertEquals("the new configuration's listener", 20, again.config().backlog());
        assertEquals(first.inheritableFd(), again.inheritableFd());
        assertTrue(log.lines().toString(), log.has("WARNING listener 'echo' on 127.0.0.1:0 keeps its socket and its backlog 10;"
                + " a new backlog 20 needs a restart"));
    }

    @Test
    public void aListenerNoGenerationUsesIsClosed() throws Exception {
        List<BoundListener> kept = sockets.acquire(List.of(reusePort("echo", 10)));
        sockets.retain(List.of(kept));
        assertTrue(log.lines().toString(), log.lines().stream().noneMatch(l -> l.contains("closed: no generation uses it")));
        sockets.retain(List.of());
        assertTrue(log.lines().toString(), log.has("INFO listener 'echo' on 127.0.0.1:0 closed: no generation uses it any more"));
    }

    @Test
    public void nothingIsBoundOnceTheLauncherStops() throws Exception {
        sockets.close();
        sockets.close();
        ListenerSockets.BindException e = assertThrows(ListenerSockets.BindException.class,
                () -> sockets.acquire(List.of(reusePort("echo", 10))));
        assertEquals("the launcher is stopping; no listener is bound any more", e.getMessage());
        assertNull(e.getCause());
    }
}
