package org.fdtserver.shell.internal;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The session's byte streams, single bytes included, over a real loopback socket. */
public class ChannelStreamsTest {

    private ServerSocketChannel server;
    private SocketChannel a;
    private SocketChannel b;

    @Before
    public void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        a = SocketChannel.open(server.getLocalAddress());
        b = server.accept();
    }

    @After
    public void close() throws IOException {
        a.close();
        b.close();
        server.close();
    }

    @Test
    public void singleBytesGoAcrossUnsignedAndTheEndIsMinusOne() throws IOException {
        OutputStream out = ChannelStreams.output(a);
        InputStream in = ChannelStreams.input(b);
        out.write(0xE9);
        out.write('g');
        a.shutdownOutput();
        assertEquals("a high byte reads as 0..255, not negative", 0xE9, in.read());
        assertEquals('g', in.read());
        assertEquals(-1, in.read());
    }

    @Test
    public void anEmptyReadReturnsAtOnceWithNothing() throws IOException {
        assertEquals(0, ChannelStreams.input(b).read(new byte[4], 0, 0));
    }
}
