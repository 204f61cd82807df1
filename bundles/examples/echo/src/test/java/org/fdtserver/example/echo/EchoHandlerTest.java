package org.fdtserver.example.echo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.junit.Test;

/** The echo codec and handler in an {@link EmbeddedChannel}. */
public class EchoHandlerTest {

    private final EchoHandler handler = new EchoHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    public EchoHandlerTest() {
        handler.initCodec(channel.pipeline(), new CodecContext() {
            @Override
            public String listener() {
                return "echo";
            }

            @Override
            public int maxFrameLength() {
                return 32;
            }
        });
    }

    @Test
    public void echoesEachLineInUtf8() {
        channel.writeInbound(Unpooled.copiedBuffer("hello\r\nwörld\n", StandardCharsets.UTF_8));
        Connection connection = new WritingConnection(channel);
        for (Object line = channel.readInbound(); line != null; line = channel.readInbound()) {
            handler.handle(connection, line);
        }
        channel.flushOutbound();
        StringBuilder out = new StringBuilder();
        for (ByteBuf bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        assertEquals("hello\nwörld\n", out.toString());
    }

    @Test(expected = TooLongFrameException.class)
    public void aLineOverTheFrameLimitFailsDecoding() {
        channel.writeInbound(Unpooled.copiedBuffer("x".repeat(40) + "\n", StandardCharsets.UTF_8));
    }

    @Test
    public void nothingDecodedBeforeTheEndOfTheLine() {
        channel.writeInbound(Unpooled.copiedBuffer("partial", StandardCharsets.UTF_8));
        assertNull(channel.readInbound());
    }

    /** Writes into the embedded channel; nothing else is used by the echo handler. */
    private static final class WritingConnection implements Connection {
        private final EmbeddedChannel channel;

        WritingConnection(EmbeddedChannel channel) {
            this.channel = channel;
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public String listener() {
            return "echo";
        }

        @Override
        public SocketAddress remoteAddress() {
            return channel.remoteAddress();
        }

        @Override
        public void write(Object message) {
            channel.write(message);
        }

        @Override
        public void close(String reason) {
            channel.close();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public boolean isDraining() {
            return false;
        }

        @Override
        public Map<String, Object> attributes() {
            return Map.of();
        }
    }
}
