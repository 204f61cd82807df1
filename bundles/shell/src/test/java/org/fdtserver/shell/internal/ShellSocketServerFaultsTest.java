package org.fdtserver.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.awaitility.Awaitility;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.WorkerContext;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** Faults the operating system can throw at the shell's socket and its sessions, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class ShellSocketServerFaultsTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture();

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private CommandProcessorImpl processor;
    private ShellSocketServer server;
    private Path socket;

    @Before
    public void processor() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("fdt", new StatusCommand(new WorkerContext("1.0", 1,
                List.of(new ListenerSpec("echo", "127.0.0.1", 7000, ListenerSpec.BIND_HERE)))), "status");
        socket = folder.getRoot().toPath().resolve("worker.sock");
    }

    @After
    public void stop() {
        server.deactivate();
        processor.stop();
        threadIO.stop();
    }

    private ShellSocketServer start() {
        server = new ShellSocketServer(processor, new ShellSettings() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ShellSettings.class;
            }

            @Override
            public String socket() {
                return socket.toString();
            }
        });
        return server;
    }

    /** Opens an interactive session and reads until its first prompt. */
    private SocketChannel session() throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(socket));
        client.write(ByteBuffer.wrap("fdt-shell 1 interactive\n".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (!received.toString(StandardCharsets.UTF_8).equals(ShellSession.PROMPT)) {
            assertTrue("the session ended before its prompt", client.read(buffer) >= 0);
            received.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return client;
    }

    @Test
    @BMRule(name = "closing the shell socket reports an error",
            targetClass = "java.nio.channels.spi.AbstractInterruptibleChannel", targetMethod = "close", targetLocation = "AT EXIT",
            condition = "callerEquals(\"org.fdtserver.shell.internal.ShellSocketServer.deactivate\", true, true)",
            action = "throw new java.io.IOException(\"close failed\")")
    public void aShellSocketThatFailsToCloseStillEndsItsSessionsAndGoes() throws IOException {
        start();
        try (SocketChannel client = session()) {
            server.deactivate();
            assertEquals("the session is cut all the same", -1, client.read(ByteBuffer.allocate(64)));
        }
        assertFalse("the socket file is removed", Files.exists(socket));
        assertTrue(log.lines().toString(), log.lines().contains("FINE closing the shell socket: java.io.IOException: close failed"));
    }

    @Test
    @BMRule(name = "closing a session reports an error",
            targetClass = "java.nio.channels.spi.AbstractInterruptibleChannel", targetMethod = "close", targetLocation = "AT EXIT",
            condition = "callerEquals(\"org.fdtserver.shell.internal.ShellSession.close\", true, true)",
            action = "throw new java.io.IOException(\"close failed\")")
    public void aSessionThatFailsToCloseIsStillCut() throws IOException {
        start();
        try (SocketChannel client = session()) {
            server.deactivate();
            assertEquals("the session is cut: the end of the stream", -1, client.read(ByteBuffer.allocate(64)));
        }
        assertFalse("the socket file is removed", Files.exists(socket));
        assertTrue(log.lines().toString(), log.lines().contains("FINE closing a shell session: java.io.IOException: close failed"));
    }

    @Test
    @BMRule(name = "the socket file cannot be removed",
            targetClass = "java.nio.file.Files", targetMethod = "deleteIfExists",
            condition = "callerEquals(\"org.fdtserver.shell.internal.ShellSocketServer.deactivate\", true, true)",
            action = "throw new java.nio.file.AccessDeniedException($1.toString())")
    public void aSocketFileThatCannotBeRemovedIsReported() {
        start().deactivate();
        assertTrue(log.lines().toString(), log.lines().contains("WARNING cannot delete the shell socket " + socket
                + ": java.nio.file.AccessDeniedException: " + socket));
        assertTrue("the file is left", Files.exists(socket));
    }

    @Test
    @BMRule(name = "accept fails",
            targetClass = "sun.nio.ch.ServerSocketChannelImpl", targetMethod = "accept()",
            condition = "callerEquals(\"org.fdtserver.shell.internal.ShellSocketServer.acceptLoop\", true, true)",
            action = "throw new java.io.IOException(\"Too many open files\")")
    public void anAcceptThatFailsStopsTheShellAndSaysSo() {
        start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().contains(
                "WARNING shell socket accept failed; the shell stops: java.io.IOException: Too many open files"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("fdt-shell-accept")));
    }
}
