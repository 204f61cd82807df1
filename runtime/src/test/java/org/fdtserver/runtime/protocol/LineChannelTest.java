package org.fdtserver.runtime.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The line framing of the launcher's control connection, over a real loopback socket. */
public class LineChannelTest {

    private ServerSocketChannel server;
    private SocketChannel peer;
    private SocketChannel local;

    @Before
    public void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        local = SocketChannel.open(server.getLocalAddress());
        peer = server.accept();
    }

    @After
    public void close() throws IOException {
        local.close();
        peer.close();
        server.close();
    }

    @Test
    public void aLastLineWithoutNewlineIsReturnedAtTheEndOfTheStream() throws IOException {
        peer.write(ByteBuffer.wrap("READY\nDRAIN".getBytes(StandardCharsets.UTF_8)));
        peer.shutdownOutput();
        LineChannel lines = new LineChannel(local);
        assertEquals("READY", lines.readLine());
        assertEquals("DRAIN", lines.readLine());
        assertNull(lines.readLine());
    }

    @Test
    public void aPeerSendingALineLongerThan64KiBIsCutOff() throws IOException {
        LineChannel lines = new LineChannel(local);
        Thread writer = new Thread(() -> {
            try {
                ByteBuffer junk = ByteBuffer.wrap(new byte[64 * 1024 + 1]);
                while (junk.hasRemaining()) {
                    peer.write(junk);
                }
            } catch (IOException e) {
                // the reader closed first
            }
        });
        writer.start();
        IOException e = assertThrows(IOException.class, lines::readLine);
        assertEquals("line longer than 65536 bytes", e.getMessage());
    }
}
