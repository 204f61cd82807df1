package org.fdtserver.server.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.server.internal.LogCapture;
import org.junit.Rule;
import org.junit.Test;

/**
 * What a client and the operator see when a protocol handler or a work interceptor throws from
 * one of its calls, and how refused and reset connections end. The pool runs each task at once on
 * the calling thread, so every call has happened when the test looks.
 */
public class HandlerFailuresTest {

    private static final Executor NOW = Runnable::run;

    @Rule
    public LogCapture callsLog = new LogCapture(HandlerCalls.class);
    @Rule
    public LogCapture interceptorsLog = new LogCapture(WorkInterceptors.class);
    @Rule
    public LogCapture handlerLog = new LogCapture(ConnectionHandler.class);
    @Rule
    public LogCapture connectionLog = new LogCapture(ChannelConnection.class);

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final WorkInterceptors interceptors = new WorkInterceptors();

    /** A handler that records its calls, throws from the named one, and echoes what it handles. */
    private ProtocolHandler failingIn(String call) {
        return new ProtocolHandler() {
            @Override
            public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            }

            @Override
            public void connected(Connection connection) {
                record("connected");
            }

            @Override
            public boolean blocks(Object message) {
                record("blocks");
                return false;
            }

            @Override
            public void handle(Connection connection, Object message) {
                seen.add("handle " + message + " open=" + connection.isOpen());
                connection.write("echo " + message);
            }

            @Override
            public void draining(Connection connection) {
                record("draining");
            }

            @Override
            public void disconnected(Connection connection) {
                record("disconnected");
            }

            private void record(String what) {
                seen.add(what);
                if (what.equals(call)) {
                    throw new IllegalStateException(what + " broke");
                }
            }
        };
    }

    private EmbeddedChannel connect(ProtocolHandler handler, boolean nonBlocking, ConnectionTracker tracker) {
        return new EmbeddedChannel(new ConnectionHandler(new ListenerConnections("test", handler, NOW, nonBlocking,
                tracker, interceptors, new WarningThrottle()), null));
    }

    /**
     * The answer written on the pool. The embedded loop counts every thread as its own, so a pool
     * thread's write waits for the flush at the end of a read, which an embedded channel never
     * does for a pooled message: the test flushes in its place.
     */
    private static Object answer(EmbeddedChannel channel) {
        channel.flush();
        return channel.readOutbound();
    }

    private EmbeddedChannel connect(ProtocolHandler handler, boolean nonBlocking) {
        return connect(handler, nonBlocking, new ConnectionTracker(10, Map.of()));
    }

    @Test
    public void aFailingConnectedClosesTheConnectionAndDropsWhatTheClientSent() {
        EmbeddedChannel channel = connect(failingIn("connected"), false);
        assertFalse("closed", channel.isOpen());
        assertTrue(callsLog.lines().toString(), callsLog.has("WARNING closing connection 1 on test from embedded: connected() failed"));
        channel.pipeline().fireChannelRead("pay 1");
        assertFalse("nothing handled after the failure: " + seen, seen.stream().anyMatch(s -> s.startsWith("handle")));
    }

    @Test
    public void aFailingBlocksSendsTheMessageToThePoolWhereItIsStillAnswered() {
        EmbeddedChannel channel = connect(failingIn("blocks"), true);
        channel.writeInbound("pay 1");
        channel.runPendingTasks();
        assertEquals("echo pay 1", answer(channel));
        assertTrue(seen.toString(), seen.contains("handle pay 1 open=true"));
        assertTrue(callsLog.lines().toString(), callsLog.has("WARNING blocks() failed on test; handling the message on the pool"));
        assertTrue(channel.isOpen());
    }

    @Test
    public void aFailingDrainingClosesTheConnectionWithTheReason() {
        ConnectionTracker tracker = new ConnectionTracker(10, Map.of());
        EmbeddedChannel channel = connect(failingIn("draining"), false, tracker);
        tracker.drain();
        channel.runPendingTasks();
        assertTrue(seen.toString(), seen.contains("draining"));
        assertFalse("closed", channel.isOpen());
        assertTrue(connectionLog.lines().toString(), connectionLog.has(
                "INFO closing connection 1 on test from embedded: draining() failed: java.lang.IllegalStateException: draining broke"));
        assertTrue("the drain completes once it is gone", tracker.drain().isDone());
    }

    @Test
    public void aConnectionAdmittedWhileTheWorkerDrainsIsToldToDrainAtOnce() {
        ConnectionTracker tracker = new ConnectionTracker(10, Map.of());
        EmbeddedChannel first = connect(failingIn("none"), false, tracker);
        tracker.drain();
        EmbeddedChannel late = connect(failingIn("none"), false, tracker);
        late.runPendingTasks();
        assertEquals(List.of("connected", "draining", "connected", "draining"), seen);
        assertTrue(first.isOpen());
        assertTrue(late.isOpen());
    }

    @Test
    public void aFailingDisconnectedIsLoggedAndTheConnectionIsStillCountedOut() {
        ConnectionTracker tracker = new ConnectionTracker(1, Map.of());
        EmbeddedChannel channel = connect(failingIn("disconnected"), false, tracker);
        channel.close();
        channel.runPendingTasks();
        assertTrue(seen.toString(), seen.contains("disconnected"));
        assertTrue(callsLog.lines().toString(), callsLog.has("WARNING disconnected() failed for connection 1 on test"));
        EmbeddedChannel next = connect(failingIn("none"), false, tracker);
        assertTrue("the one place is free again", next.isOpen());
    }

    @Test
    public void interceptorsFailingAfterWorkOrOnCloseAreLoggedAndTheAnswerStillGoesOut() {
        interceptors.add(new WorkInterceptor() {
            @Override
            public void beforeWork(Connection connection) {
            }

            @Override
            public void afterWork(Connection connection) {
                throw new IllegalStateException("commit lost");
            }

            @Override
            public void closed(Connection connection) {
                throw new IllegalStateException("cleanup lost");
            }

            @Override
            public String toString() {
                return "tx";
            }
        });
        EmbeddedChannel channel = connect(failingIn("none"), false);
        channel.writeInbound("pay 1");
        channel.runPendingTasks();
        assertEquals("echo pay 1", answer(channel));
        assertTrue(interceptorsLog.lines().toString(),
                interceptorsLog.has("SEVERE work interceptor tx failed after work for connection 1"));
        channel.close();
        channel.runPendingTasks();
        assertTrue(interceptorsLog.lines().toString(),
                interceptorsLog.has("WARNING work interceptor tx failed on the close of connection 1"));
    }

    @Test
    public void aRefusedConnectionIsClosedAndNeverConnected() {
        ConnectionTracker full = new ConnectionTracker(1, Map.of());
        connect(failingIn("none"), false, full);
        EmbeddedChannel refused = connect(failingIn("none"), false, full);
        assertFalse("refused", refused.isOpen());
        assertEquals("only the admitted one connected", List.of("connected"), seen);
    }

    @Test
    public void aResetByTheClientClosesTheConnectionWithAnInfoLine() {
        EmbeddedChannel channel = connect(failingIn("none"), false);
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertFalse(channel.isOpen());
        assertTrue(handlerLog.lines().toString(), handlerLog.lines().contains(
                "INFO closing connection on test from embedded: java.io.IOException: Connection reset by peer"));
    }

    @Test
    public void aConnectionIsNotOpenOnceItsHandlerClosedIt() {
        ProtocolHandler closing = new ProtocolHandler() {
            @Override
            public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            }

            @Override
            public void handle(Connection connection, Object message) {
                boolean before = connection.isOpen();
                connection.close("bye");
                seen.add("open before " + before + ", after " + connection.isOpen());
            }
        };
        EmbeddedChannel channel = connect(closing, false);
        channel.writeInbound("quit");
        channel.runPendingTasks();
        assertEquals(List.of("open before true, after false"), seen);
        assertFalse(channel.isOpen());
    }

    @Test
    public void aTrackerWithoutRoomIsRefused() {
        assertEquals("maxConnections must be > 0, was 0",
                assertThrows(IllegalArgumentException.class, () -> new ConnectionTracker(0, Map.of())).getMessage());
    }
}
