package org.fdtserver.server.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.server.internal.LogCapture;
import org.junit.Rule;
import org.junit.Test;

/**
 * What a client, a handler and the operator see of a connection's events on an embedded channel:
 * refusals, codec failures, timeouts, failed writes, the release of messages, draining and close.
 */
public class ConnectionEventsTest {

    private static final Executor NOW = Runnable::run;

    @Rule
    public LogCapture handlerLog = new LogCapture(ConnectionHandler.class);
    @Rule
    public LogCapture connectionLog = new LogCapture(ChannelConnection.class);
    @Rule
    public LogCapture interceptorsLog = new LogCapture(WorkInterceptors.class);

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final WorkInterceptors interceptors = new WorkInterceptors();
    private final ConnectionTracker tracker = new ConnectionTracker(10, Map.of());
    /** Whether this thread is running a task of the test's pool. */
    private final ThreadLocal<Boolean> onPool = ThreadLocal.withInitial(() -> false);
    private final Executor markingPool = task -> {
        onPool.set(true);
        try {
            task.run();
        } finally {
            onPool.set(false);
        }
    };

    /** Records its calls and echoes what it handles. */
    private class Recording implements ProtocolHandler {
        Connection last;

        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        }

        @Override
        public void connected(Connection connection) {
            last = connection;
        }

        @Override
        public void handle(Connection connection, Object message) {
            String text = message instanceof ByteBuf buf ? buf.toString(StandardCharsets.US_ASCII) : String.valueOf(message);
            seen.add("handle " + text + " draining=" + connection.isDraining() + " onPool=" + onPool.get());
            connection.attributes().put("last", text);
            connection.write("echo " + text);
        }

        @Override
        public void draining(Connection connection) {
            seen.add("draining draining=" + connection.isDraining());
        }

        @Override
        public void disconnected(Connection connection) {
            seen.add("disconnected attributes=" + connection.attributes());
        }
    }

    private ListenerConnections listener(String name, ProtocolHandler handler, Executor pool, boolean nonBlocking,
            ConnectionTracker connections) {
        return new ListenerConnections(name, handler, pool, nonBlocking, connections, interceptors, new WarningThrottle());
    }

    private EmbeddedChannel connect(ProtocolHandler handler, boolean nonBlocking) {
        return new EmbeddedChannel(new ConnectionHandler(listener("test", handler, NOW, nonBlocking, tracker), null));
    }

    @Test
    public void theWorkersLimitRefusesTheConnectionOneOverItWhicheverListenerItArrivesOn() {
        ConnectionTracker one = new ConnectionTracker(1, Map.of());
        EmbeddedChannel first = new EmbeddedChannel(new ConnectionHandler(listener("a", new Recording(), NOW, false, one), null));
        EmbeddedChannel second = new EmbeddedChannel(new ConnectionHandler(listener("b", new Recording(), NOW, false, one), null));
        assertTrue(first.isOpen());
        assertFalse("the worker holds its one connection already", second.isOpen());
        assertEquals(List.of("WARNING refusing connection on b from embedded: the worker already holds its maximum of 1 connections"),
                handlerLog.lines());
    }

    @Test
    public void aCodecFailureIsLoggedAsTheExceptionItWrapsAndAnyOtherAsItself() {
        EmbeddedChannel wrapped = connect(new Recording(), false);
        wrapped.pipeline().fireExceptionCaught(new DecoderException(new NumberFormatException("bad digit")));
        EmbeddedChannel tooLong = connect(new Recording(), false);
        tooLong.pipeline().fireExceptionCaught(new TooLongFrameException("frame length exceeds 100"));
        EmbeddedChannel bug = connect(new Recording(), false);
        bug.pipeline().fireExceptionCaught(new IllegalStateException("codec bug", new ArithmeticException("/ by zero")));
        assertFalse(wrapped.isOpen());
        assertFalse(tooLong.isOpen());
        assertFalse(bug.isOpen());
        assertEquals(List.of(
                "WARNING closing connection on test from embedded: java.lang.NumberFormatException: bad digit",
                "WARNING closing connection on test from embedded: io.netty.handler.codec.TooLongFrameException: frame length exceeds 100",
                "WARNING closing connection on test from embedded: java.lang.IllegalStateException: codec bug"),
                handlerLog.lines());
    }

    @Test
    public void aFrameTimeoutClosesTheConnectionWithAWarning() {
        EmbeddedChannel channel = connect(new Recording(), false);
        channel.pipeline().fireUserEventTriggered(FrameTimeout.EXPIRED);
        assertFalse(channel.isOpen());
        assertEquals(List.of("WARNING closing connection 1 on test from embedded: frame timeout: "
                + "a frame has been arriving for longer than the frame_timeout"), handlerLog.lines());
    }

    @Test
    public void aClientThatShutsDownItsSendingSideMidFrameGetsItsAnswersAndNoFrameTimeout() {
        long[] now = {0};
        FrameTimeout frames = new FrameTimeout(1000, () -> now[0]);
        Queue<Runnable> queued = new ArrayDeque<>();
        EmbeddedChannel channel = new EmbeddedChannel(frames, new LineBasedFrameDecoder(100),
                new StringDecoder(StandardCharsets.US_ASCII),
                new ConnectionHandler(listener("test", new Recording(), queued::add, false, tracker), frames));
        channel.freezeTime();
        runAll(queued); // connected()
        channel.writeInbound(Unpooled.copiedBuffer("one\n", StandardCharsets.US_ASCII)); // waits for the pool
        channel.writeInbound(Unpooled.copiedBuffer("part", StandardCharsets.US_ASCII)); // starts the frame clock
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        now[0] += TimeUnit.MILLISECONDS.toNanos(1000);
        channel.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("no frame can be in progress once input is shut down", List.of(), handlerLog.lines());
        assertTrue("open until the answer is out", channel.isOpen());
        runAll(queued);
        assertEquals("echo one", channel.readOutbound());
        assertFalse("then closed", channel.isOpen());
    }

    @Test
    public void aConnectionClosedBeforeItsFirstFrameIsStillToldAndCountedOut() {
        ConnectionTracker one = new ConnectionTracker(1, Map.of());
        FrameTimeout frames = new FrameTimeout(1000);
        EmbeddedChannel channel = new EmbeddedChannel(frames,
                new ConnectionHandler(listener("test", new Recording(), NOW, false, one), frames));
        channel.close();
        assertEquals(List.of("disconnected attributes={}"), seen);
        EmbeddedChannel next = new EmbeddedChannel(new ConnectionHandler(listener("test", new Recording(), NOW, false, one), null));
        assertTrue("its place is free again", next.isOpen());
    }

    @Test
    public void aByteBufHandledOnTheEventLoopIsReleasedOnceAndTheConnectionStaysOpen() {
        EmbeddedChannel plain = connect(new Recording(), true);
        ByteBuf first = Unpooled.copiedBuffer("pay 1", StandardCharsets.US_ASCII);
        plain.writeInbound(first);
        interceptors.add(new WorkInterceptor() {
            @Override
            public void beforeWork(Connection connection) {
            }

            @Override
            public void afterWork(Connection connection) {
            }
        });
        EmbeddedChannel intercepted = connect(new Recording(), true);
        ByteBuf second = Unpooled.copiedBuffer("pay 2", StandardCharsets.US_ASCII);
        intercepted.writeInbound(second);
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
        assertEquals("echo pay 1", plain.readOutbound());
        assertEquals("echo pay 2", intercepted.readOutbound());
        assertTrue(plain.isOpen());
        assertTrue(intercepted.isOpen());
        assertEquals(List.of(), handlerLog.lines());
    }

    @Test
    public void aWriteThatFailsClosesTheConnectionWithAWarning() {
        ChannelHandler failingWrites = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                promise.setFailure(new IOException("Broken pipe"));
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(failingWrites,
                new ConnectionHandler(listener("test", new Recording(), NOW, true, tracker), null));
        channel.writeInbound("pay 1");
        assertFalse(channel.isOpen());
        assertEquals(List.of("WARNING closing connection 1 on test from embedded: write failed: java.io.IOException: Broken pipe"),
                connectionLog.lines());
    }

    @Test
    public void aHandlerSeesWhetherItsConnectionDrains() {
        EmbeddedChannel channel = connect(new Recording(), false);
        channel.writeInbound("pay 1");
        tracker.drain();
        assertEquals(List.of("handle pay 1 draining=false onPool=false", "draining draining=true"), seen);
        assertTrue(channel.isOpen());
    }

    @Test
    public void theHandlersStateIsThereInDisconnectedAndForgottenOnceTheConnectionClosed() {
        Recording handler = new Recording();
        EmbeddedChannel channel = connect(handler, false);
        channel.writeInbound("pay 1");
        channel.close();
        assertEquals(List.of("handle pay 1 draining=false onPool=false", "disconnected attributes={last=pay 1}"), seen);
        assertEquals(Map.of(), handler.last.attributes());
    }

    @Test
    public void anInterceptorFailingBeforeWorkStillLetsTheOnesEnteredBeforeItEnd() {
        interceptors.add(new WorkInterceptor() {
            @Override
            public void beforeWork(Connection connection) {
                seen.add("tx before");
            }

            @Override
            public void afterWork(Connection connection) {
                seen.add("tx after");
            }
        });
        EmbeddedChannel channel = connect(new Recording(), false);
        interceptors.add(new WorkInterceptor() {
            @Override
            public void beforeWork(Connection connection) {
                throw new IllegalStateException("no audit today");
            }

            @Override
            public void afterWork(Connection connection) {
                seen.add("audit after");
            }
        });
        seen.clear();
        channel.pipeline().fireChannelRead("pay 1");
        channel.runPendingTasks();
        assertEquals("the message's work and then disconnected() skipped, the entered interceptor ended each time",
                List.of("tx before", "tx after", "tx before", "tx after"), seen);
        assertFalse(channel.isOpen());
        String refused = "WARNING closing connection 1: a work interceptor failed: java.lang.IllegalStateException: no audit today";
        assertEquals(List.of(refused, refused), interceptorsLog.lines());
    }

    @Test
    public void aMessageWhoseBlocksAnswerFailsIsHandledOnThePool() {
        ProtocolHandler unsure = new Recording() {
            @Override
            public boolean blocks(Object message) {
                throw new IllegalStateException("cannot tell");
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionHandler(listener("test", unsure, markingPool, true, tracker), null));
        channel.writeInbound("pay 1");
        assertEquals(List.of("handle pay 1 draining=false onPool=true"), seen);
        assertTrue(channel.isOpen());
    }

    @Test
    public void aConnectionCutByTheEngineIsNoLongerOpenBeforeItsEventLoopHasRunTheClose() {
        // The engine cuts connections from its own thread or another event loop: the channel
        // closes only once the connection's event loop gets to it, which this handler defers.
        ChannelPromise[] pendingClose = new ChannelPromise[1];
        ChannelHandlerContext[] closer = new ChannelHandlerContext[1];
        ChannelHandler deferredClose = new ChannelOutboundHandlerAdapter() {
            @Override
            public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
                closer[0] = ctx;
                pendingClose[0] = promise;
            }
        };
        Recording handler = new Recording();
        EmbeddedChannel channel = new EmbeddedChannel(deferredClose,
                new ConnectionHandler(listener("test", handler, NOW, false, tracker), null));
        tracker.forceCloseAll("graceful timeout");
        assertFalse("a handler still working sees its connection cut at once", handler.last.isOpen());
        handler.last.close("done anyway");
        assertEquals("one line for the cut, none for a close after it",
                List.of("WARNING closing connection 1 on test from embedded: graceful timeout"), connectionLog.lines());
        closer[0].close(pendingClose[0]);
        assertFalse(channel.isOpen());
    }

    private static void runAll(Queue<Runnable> queued) {
        for (Runnable task = queued.poll(); task != null; task = queued.poll()) {
            task.run();
        }
    }
}
