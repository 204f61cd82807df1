package org.fdtserver.server.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The frame timer behind a line codec, on an embedded channel whose clock the test moves. */
public class FrameTimeoutTest {

    private long nowNanos = 1_000_000_000L;
    private final FrameTimeout frames = new FrameTimeout(1000, () -> nowNanos);
    private final List<Object> events = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    public FrameTimeoutTest() {
        channel.freezeTime();
        channel.pipeline().addLast(frames, new LineBasedFrameDecoder(100), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                frames.frameDone(); // what ConnectionHandler does with each decoded message
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
    }

    @Test
    public void aFrameTrickledForLongerThanTheTimeoutExpires() {
        send("he");
        advance(600);
        send("ll");
        advance(399);
        assertEquals("not yet: 999 ms", List.of(), events);
        advance(1);
        assertEquals(List.of(FrameTimeout.EXPIRED), events);
        assertEquals("FrameTimeout.EXPIRED", FrameTimeout.EXPIRED.toString());
    }

    @Test
    public void wholeFramesSentSlowlyNeverExpire() {
        for (int i = 0; i < 10; i++) {
            send("slow");
            advance(900);
            send(" line\n");
            advance(900);
        }
        assertEquals(List.of(), events);
    }

    @Test
    public void aFrameStartedLateInAnIntervalGetsItsWholeTime() {
        send("one\n");
        advance(800);
        send("tw");
        advance(200); // the check first scheduled for "one" finds "tw" 200 ms old
        assertEquals(List.of(), events);
        advance(799);
        assertEquals(List.of(), events);
        advance(1);
        assertEquals(List.of(FrameTimeout.EXPIRED), events);
    }

    @Test
    public void whileTheServerHoldsReadingBackTheClockWaits() {
        send("partial");
        channel.config().setAutoRead(false);
        advance(5000);
        assertEquals("the rest may be waiting in the socket", List.of(), events);
        channel.config().setAutoRead(true);
        advance(1000);
        assertEquals(List.of(FrameTimeout.EXPIRED), events);
    }

    @Test
    public void aClosedChannelLeavesNoCheckBehind() {
        send("partial");
        channel.close();
        assertEquals("nothing scheduled any more", -1, channel.runScheduledPendingTasks());
        advance(2000);
        assertEquals(List.of(), events);
    }

    @Test
    public void aChannelClosedWithoutAFrameHasNoCheckToCancel() {
        channel.close();
        assertEquals(-1, channel.runScheduledPendingTasks());
    }

    @Test
    public void theTimeoutMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameTimeout(0));
        assertEquals("timeoutMillis must be > 0, was 0", e.getMessage());
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private void advance(long millis) {
        nowNanos += TimeUnit.MILLISECONDS.toNanos(millis);
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }
}
