package org.fdtserver.launcher.control;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** Faults the operating system can throw at the control socket, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class ControlServerFaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private static final ControlListener IGNORE = new ControlListener() {
        @Override
        public void received(ControlConnection from, ControlMessage message) {
        }

        @Override
        public void closed(ControlConnection connection) {
        }
    };

    @Test
    @BMRule(name = "socket file cannot be removed",
            targetClass = "java.nio.file.Files", targetMethod = "deleteIfExists",
            condition = "callerEquals(\"org.fdtserver.launcher.control.ControlServer.close\", true, true)",
            action = "throw new java.nio.file.AccessDeniedException($1.toString())")
    public void aSocketFileThatCannotBeRemovedIsReported() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        ControlServer.start(socket, IGNORE).close();
        assertTrue(log.lines().toString(), log.has("cannot remove " + socket));
    }

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
    @BMRule(name = "one accept fails",
            targetClass = "sun.nio.ch.ServerSocketChannelImpl", targetMethod = "accept()",
            condition = "callerEquals(\"org.fdtserver.launcher.control.ControlServer.acceptCloseOnExec\", true, true)"
                    + " && flag(\"ControlServerFaultsTest: one accept fails\")",
            action = "throw new java.io.IOException(\"Too many open files\")")
    public void anAcceptThatFailsIsLoggedAndTheSocketServesOn() throws Exception {
        Received listener = new Received();
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        try (ControlServer server = ControlServer.start(socket, listener);
                SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            client.write(ByteBuffer.wrap("CLI status\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals("CLI status", listener.lines.poll(10, TimeUnit.SECONDS));
        }
        assertTrue(log.lines().toString(), log.has("WARNING control socket accept failed: java.io.IOException: Too many open files"));
    }

    @Test
    @BMRule(name = "closing the selector fails",
            targetClass = "java.nio.channels.spi.AbstractSelector", targetMethod = "close",
            targetLocation = "AT EXIT",
            condition = "callerEquals(\"org.fdtserver.launcher.control.ControlServer.close\", true, true)",
            action = "throw new java.io.IOException(\"Input/output error\")")
    public void aCloseThatFailsStillRemovesTheSocketFile() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        ControlServer.start(socket, IGNORE).close();
        assertTrue(log.lines().toString(), log.has("FINE closing control socket: java.io.IOException: Input/output error"));
        assertFalse("the socket file is gone", Files.exists(socket));
        assertThrows(IOException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    @Test
    @BMRule(name = "closing a connection fails",
            targetClass = "java.nio.channels.spi.AbstractInterruptibleChannel", targetMethod = "close",
            targetLocation = "AT EXIT",
            condition = "callerEquals(\"org.fdtserver.launcher.control.ControlConnection.close\", true, true)",
            action = "throw new java.io.IOException(\"Input/output error\")")
    public void aConnectionWhoseCloseFailsIsStillReportedClosed() throws Exception {
        Received listener = new Received();
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        try (ControlServer server = ControlServer.start(socket, listener)) {
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                client.write(ByteBuffer.wrap("CLI status\n".getBytes(StandardCharsets.UTF_8)));
                assertEquals("CLI status", listener.lines.poll(10, TimeUnit.SECONDS));
            }
            assertEquals("the listener hears of the close", "closed", listener.lines.poll(10, TimeUnit.SECONDS));
        }
        assertTrue(log.lines().toString(), log.lines().stream().noneMatch(l -> l.startsWith("WARNING")));
    }
}
