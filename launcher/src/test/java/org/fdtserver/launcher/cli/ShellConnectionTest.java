package org.fdtserver.launcher.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The client's side of the shell protocol against a scripted worker on a real Unix socket. */
public class ShellConnectionTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Path socket;
    private ServerSocketChannel server;

    @Before
    public void bind() throws IOException {
        socket = folder.getRoot().toPath().resolve("shell.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @After
    public void close() throws IOException {
        server.close();
    }

    /** A worker that reads {@code readBytes} of the client's bytes, answers {@code answer} and closes. */
    private CompletableFuture<String> worker(int readBytes, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel ch = server.accept()) {
                ByteBuffer in = ByteBuffer.allocate(readBytes);
                while (in.hasRemaining() && ch.read(in) >= 0) {
                    // until it has what it reads
                }
                ch.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void theOutputIsCopiedAndTheStatusAfterTheNulIsReturned() throws Exception {
        CompletableFuture<String> received = worker(22, "out\nmore\u00001\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, ShellConnection.converse(socket, false, text("lb\n"), out));
        assertEquals("out\nmore", out.toString(StandardCharsets.UTF_8));
        assertEquals("fdt-shell 1 batch\nlb\n", received.get().substring(0, 21));

        worker(26, "g! \u00000\n");
        out.reset();
        assertEquals(0, ShellConnection.converse(socket, true, text("exit\n"), out));
        assertEquals("g! ", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aStatusThatArrivesAfterFullBuffersOfOutputIsReadWithoutTheirBytes() throws Exception {
        String lots = "x".repeat(3 * 8192);
        worker(22, lots + "\u00000\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("a long `tx list` that succeeded exits 0", 0, ShellConnection.converse(socket, false, text("lb\n"), out));
        assertEquals(lots, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aSessionCutBeforeItsStatusHasNone() throws Exception {
        worker(21, "half an ans");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ShellConnection.NO_STATUS, ShellConnection.converse(socket, false, text("lb\n"), out));
        assertEquals("half an ans", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aWorkerThatLeavesInputUnreadResetsTheSocketAfterItsStatusOrWithoutOne() throws Exception {
        // Linux resets a Unix socket closed with unread data; the bytes sent before still arrive.
        String lots = "x".repeat(64 * 1024);
        worker(100, "bye\u00000\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, ShellConnection.converse(socket, false, text(lots), out));
        assertEquals("bye", out.toString(StandardCharsets.UTF_8));

        worker(100, "cut");
        assertThrows(IOException.class, () -> ShellConnection.converse(socket, false, text(lots), new ByteArrayOutputStream()));
    }
}
