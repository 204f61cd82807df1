package org.fdtserver.example.echo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.testing.FakeConnection;
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
        Connection connection = new FakeConnection("echo", channel.remoteAddress(), channel::write);
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
}
