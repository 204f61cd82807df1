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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fdtserver.launcher.posix.FileDescriptors;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ControlServerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A connection a worker inherited would outlive the launcher's close of it: `fdtserver status` would hang. */
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
