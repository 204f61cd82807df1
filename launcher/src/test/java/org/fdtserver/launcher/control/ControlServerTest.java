package org.fdtserver.launcher.control;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.posix.FileDescriptors;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ControlServerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    /** Hands what the server delivers to the test thread. */
    private static final class Received implements ControlListener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public void received(ControlConnection from, ControlMessage message) {
            lines.add(message.format());
        }

        @Override
        public void closed(ControlConnection connection) {
            lines.add("closed");
        }
    }

    @Test
    public void blankAndMalformedLinesAreSkippedAndTheConnectionServesOn() throws Exception {
        Received listener = new Received();
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        try (ControlServer server = ControlServer.start(socket, listener);
                SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            client.write(ByteBuffer.wrap("\n   \nBOGUS 1\nCLI status\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals("CLI status", listener.lines.poll(10, TimeUnit.SECONDS));
            client.close();
            assertEquals("closed", listener.lines.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), List.copyOf(listener.lines));
        assertTrue(log.lines().toString(), log.lines().stream().anyMatch(l -> l.matches(
                "WARNING control connection #\\d+: ignoring malformed line 'BOGUS 1': .+")));
    }

    /** @return the sockets of this machine bound to {@code path}: the listening one and each accepted connection */
    private static long socketsOn(Path path) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/net/unix")).stream().filter(l -> l.endsWith(" " + path)).count();
    }

    @Test
    public void aPeerThatHangsUpUnansweredLeavesNoSocketOpenInTheLauncher() throws Exception {
        Received listener = new Received();
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        try (ControlServer server = ControlServer.start(socket, listener)) {
            assertEquals("the listening socket", 1, socketsOn(socket));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            client.write(ByteBuffer.wrap("CLI await-reload\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals("CLI await-reload", listener.lines.poll(10, TimeUnit.SECONDS));
            client.close(); // `fdtserver reload` interrupted before its answer
            assertEquals("closed", listener.lines.poll(10, TimeUnit.SECONDS));
            assertEquals("the launcher closed its end too", 1, socketsOn(socket));
        }
    }

    @Test
    public void aSocketPathThatCannotBeRemovedOnCloseIsLogged() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        ControlServer server = ControlServer.start(socket, new Received());
        Files.delete(socket);
        Files.createDirectories(socket.resolve("in-the-way"));
        server.close();
        assertTrue(log.lines().toString(), log.has("WARNING cannot remove " + socket + ": java.nio.file.DirectoryNotEmptyException"));
    }

    @Test
    public void anAcceptedConnectionIsCloseOnExecBeforeAnyWorkerCanBeSpawned() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        try (ControlServer server = ControlServer.start(socket, new ControlListener() {
            @Override
            public void received(ControlConnection from, ControlMessage message) {
                received.countDown();
            }

            @Override
            public void closed(ControlConnection connection) {
            }
        })) {
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                Set<Integer> before = sockets();
                client.connect(UnixDomainSocketAddress.of(socket));
                client.write(ByteBuffer.wrap("CLI status\n".getBytes(StandardCharsets.UTF_8)));
                assertTrue(received.await(10, TimeUnit.SECONDS));
                Set<Integer> accepted = sockets();
                accepted.removeAll(before);
                assertEquals("the accepted connection " + accepted, 1, accepted.size());
                int fd = accepted.iterator().next();
                String flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)).stream()
                        .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
                long octal = Long.parseLong(flags.substring("flags:".length()).trim(), 8);
                assertTrue("O_CLOEXEC in " + flags, (octal & 02000000) != 0);
            }
        }
    }

    private static Set<Integer> sockets() throws Exception {
        Set<Integer> fds = new HashSet<>();
        for (int fd : FileDescriptors.openDescriptors()) {
            Path link = Path.of("/proc/self/fd/" + fd);
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().startsWith("socket:")) {
                fds.add(fd);
            }
        }
        return fds;
    }
}
