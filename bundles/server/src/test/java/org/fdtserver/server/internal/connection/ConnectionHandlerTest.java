package org.fdtserver.server.internal.connection;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.server.internal.execution.ConnectionExecutor;
import org.junit.After;
import org.junit.Test;

/** Back-pressure: a connection whose messages pile up stops reading until the pool catches up. */
public class ConnectionHandlerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    @Test
    public void stopsReadingAboveTheHighWaterMarkAndResumesWhenCaughtUp() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ProtocolHandler blocking = new ProtocolHandler() {
            @Override
            public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            }

            @Override
            public void handle(Connection connection, Object message) throws InterruptedException {
                gate.await();
                handled.incrementAndGet();
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(
                new ConnectionHandler(new ListenerConnections("test", blocking, pool, false,
                        new ConnectionTracker(10, Map.of()), new WorkInterceptors(), new WarningThrottle()), null));
        for (int i = 0; i < ConnectionExecutor.HIGH_WATER; i++) {
            channel.writeInbound("message " + i);
        }
        assertTrue("reading at the mark", channel.config().isAutoRead());
        channel.writeInbound("one too many");
        assertFalse("paused above the mark", channel.config().isAutoRead());
        gate.countDown();
        await("every message handled").atMost(10, TimeUnit.SECONDS)
                .until(() -> handled.get() == ConnectionExecutor.HIGH_WATER + 1);
        assertTrue("reading again", channel.config().isAutoRead());
    }

    @Test
    public void aMessageWhoseInterceptorFailsIsReleasedAndItsConnectionClosed() {
        WorkInterceptors interceptors = new WorkInterceptors();
        AtomicBoolean failing = new AtomicBoolean();
        interceptors.add(new WorkInterceptor() {
            @Override
            public void beforeWork(Connection connection) {
                if (failing.get()) {
                    throw new IllegalStateException("no transaction today");
                }
            }

            @Override
            public void afterWork(Connection connection) {
            }
        });
        AtomicInteger handled = new AtomicInteger();
        ProtocolHandler counting = new ProtocolHandler() {
            @Override
            public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            }

            @Override
            public void handle(Connection connection, Object message) {
                handled.incrementAndGet();
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionHandler(new ListenerConnections("test", counting,
                pool, true, new ConnectionTracker(10, Map.of()), interceptors, new WarningThrottle()), null));
        failing.set(true); // connected() ran; the first message's unit of work is refused
        ByteBuf message = Unpooled.copiedBuffer("pay 1", StandardCharsets.US_ASCII);
        channel.pipeline().fireChannelRead(message); // not writeInbound: it refuses a channel closed meanwhile
        channel.runPendingTasks();
        assertEquals("the handler never saw it", 0, handled.get());
        assertEquals("the message is released", 0, message.refCnt());
        assertFalse("the connection is closed", channel.isOpen());
    }

    @Test
    public void readsAgainOnlyOnceTheQueueIsDownToTheLowWaterMark() throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        AtomicInteger handled = new AtomicInteger();
        ProtocolHandler metered = new ProtocolHandler() {
            @Override
            public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            }

            @Override
            public void handle(Connection connection, Object message) throws InterruptedException {
                permits.acquire();
                handled.incrementAndGet();
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(
                new ConnectionHandler(new ListenerConnections("test", metered, pool, false,
                        new ConnectionTracker(10, Map.of()), new WorkInterceptors(), new WarningThrottle()), null));
        int sent = ConnectionExecutor.HIGH_WATER + 1;
        for (int i = 0; i < sent; i++) {
            channel.writeInbound("message " + i);
        }
        assertFalse("paused above the mark", channel.config().isAutoRead());
        int aboveLow = sent - ConnectionExecutor.LOW_WATER - 1;
        permits.release(aboveLow);
        await("all but the low-water mark and one handled").atMost(10, TimeUnit.SECONDS)
                .until(() -> handled.get() == aboveLow);
        assertFalse("one above the low-water mark: still paused", channel.config().isAutoRead());
        permits.release();
        await("reading again at the low-water mark").atMost(10, TimeUnit.SECONDS)
                .until(() -> channel.config().isAutoRead());
        assertEquals(aboveLow + 1, handled.get());
        permits.release(ConnectionExecutor.LOW_WATER);
        await("every message handled").atMost(10, TimeUnit.SECONDS).until(() -> handled.get() == sent);
    }
}
