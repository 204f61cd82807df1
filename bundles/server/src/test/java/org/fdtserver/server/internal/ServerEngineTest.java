package org.fdtserver.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.WorkerContext;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/** The engine outside a framework, serving a line protocol over real epoll sockets on loopback. */
public class ServerEngineTest {

    private static final long WAIT_SECONDS = Long.getLong("fdt.test.waitSeconds", 10);
    /** How the engine names the test's handler outside a framework: by its class alone. */
    private static final String LINE_HANDLER = LineHandler.class.getName();

    private ServerEngine engine;

    @After
    public void stop() {
        if (engine != null) {
            engine.deactivate();
        }
    }

    @Test
    public void handlersBoundCompletesWhenTheLastListenerGetsItsHandler() {
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(
                new ListenerSpec("a", "127.0.0.1", 1, ListenerSpec.BIND_HERE),
                new ListenerSpec("b", "127.0.0.1", 2, ListenerSpec.BIND_HERE))), settings(1, 100, 0, 1_000));
        engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, "a"));
        assertFalse("b still waits", engine.handlersBound().toCompletableFuture().isDone());
        engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, "b"));
        assertTrue(engine.handlersBound().toCompletableFuture().isDone());
    }

    @Test
    public void servesALineProtocolInOrderOnABoundListener() throws Exception {
        int port = freePort();
        start(settings(4, 100, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        assertEquals(Map.of("lines", ListenerState.ACCEPTING), engine.listeners());
        try (Client client = new Client(port)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                batch.append("line ").append(i).append('\n');
            }
            client.send(batch.toString());
            for (int i = 0; i < 500; i++) {
                assertEquals("line " + i, client.readLine());
            }
            assertEquals(1, engine.openConnections());
        }
    }

    @Test
    public void writesFromThePoolKeepTheirOrderAndGoOutBeforeAClose() throws Exception {
        int port = freePort();
        start(settings(2, 100, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.send("other thread\n");
            assertEquals("from handle", client.readLine());
            assertEquals("from another thread", client.readLine());
            assertEquals("other thread", client.readLine());
            client.send("two then close\n");
            assertEquals("one", client.readLine());
            assertEquals("two", client.readLine());
            assertEquals(null, client.readLine());
        }
    }

    @Test
    public void servesAnInheritedListeningSocketWithoutBindingIt() throws Exception {
        Assume.assumeTrue(Epoll.isAvailable());
        int port = freePort();
        Socket listening = Socket.newSocketStream();
        listening.bind(new InetSocketAddress("127.0.0.1", port));
        listening.listen(16);
        start(settings(2, 100, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, listening.intValue()));
        try (Client client = new Client(port)) {
            client.send("inherited\n");
            assertEquals("inherited", client.readLine());
        }
    }

    @Test
    public void closesOnlyTheConnectionWhoseHandlerThrows() throws Exception {
        int port = freePort();
        start(settings(2, 100, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client good = new Client(port); Client bad = new Client(port)) {
            bad.send("fail\nafter\n");
            assertNull("the failing connection closed", bad.readLine());
            good.send("still here\n");
            assertEquals("still here", good.readLine());
        }
    }

    @Test
    public void closesALineLongerThanTheFrameLimit() throws Exception {
        int port = freePort();
        start(settings(2, 16, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.send("this line is much longer than sixteen bytes\n");
            assertNull(client.readLine());
        }
    }

    @Test
    public void refusesConnectionsOverTheLimit() throws Exception {
        int port = freePort();
        start(TestSettings.of(2, 1, 100, 0, 1, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client first = new Client(port)) {
            first.send("one\n");
            assertEquals("one", first.readLine());
            try (Client second = new Client(port)) {
                assertNull("over the limit, closed at once", second.readLine());
            }
        }
    }

    @Test
    public void closesIdleConnections() throws Exception {
        int port = freePort();
        start(settings(2, 100, 200, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            assertNull(client.readLine());
        }
    }

    @Test
    public void drainClosesTheListenerAndCompletesWhenConnectionsHaveClosed() throws Exception {
        int port = freePort();
        start(settings(2, 100, 0, 30_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.send("hello\n");
            assertEquals("hello", client.readLine());
            CompletionStage<Void> drained = engine.drain();
            assertTrue("the same stage every time", drained == engine.drain());
            assertEquals(ListenerState.CLOSED, engine.listeners().get("lines"));
            assertNull("the default draining() closes the connection", client.readLine());
            drained.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, engine.openConnections());
            try (Client late = new Client(port)) {
                fail("connected after the drain");
            } catch (ConnectException expected) {
                // the listener is closed
            }
        }
        try {
            engine.startAccepting();
            fail("accepted again after draining");
        } catch (IllegalStateException expected) {
            // draining is final
        }
    }

    @Test
    public void drainCutsWhatIsLeftAfterTheGracefulTimeout() throws Exception {
        int port = freePort();
        start(settings(2, 100, 0, 300), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.send("stay\n");
            assertEquals("stay", client.readLine());
            engine.drain().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNull(client.readLine());
        }
    }

    @Test
    public void refusesToAcceptWithoutAHandler() {
        engine = newEngine(settings(1, 100, 0, 1_000),
                new ListenerSpec("lines", "127.0.0.1", 1, ListenerSpec.BIND_HERE));
        try {
            engine.startAccepting();
            fail("accepted without a handler");
        } catch (IllegalStateException expected) {
            assertEquals(ListenerState.WAITING_FOR_HANDLER, engine.listeners().get("lines"));
        }
    }

    @Test
    public void aListenerConfiguredTwiceIsRefusedByName() {
        ListenerSpec spec = new ListenerSpec("lines", "127.0.0.1", 1, ListenerSpec.BIND_HERE);
        WorkerContext twice = new WorkerContext("1.0", 1, List.of(spec, spec));
        try {
            new ServerEngine(twice, settings(1, 100, 0, 1_000));
            fail("built an engine with the listener twice");
        } catch (IllegalArgumentException expected) {
            assertEquals("listener lines is configured twice", expected.getMessage());
        }
    }

    @Test
    public void anAddressInUseFailsTheStartNamingTheListenerAndItsAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            engine = newEngine(settings(1, 100, 0, 1_000),
                    new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
            engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, "lines"));
            try {
                engine.startAccepting();
                fail("accepted on a port another socket holds");
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().startsWith("listener lines on 127.0.0.1:" + port + " cannot accept: "));
                assertTrue(expected.getMessage(), expected.getMessage().contains("in use"));
            }
        }
    }

    @Test
    public void aHandlerWithoutAListenerServesNothingAndADrainAfterStopIsDoneAtOnce() throws Exception {
        engine = newEngine(settings(1, 100, 0, 1_000),
                new ListenerSpec("lines", "127.0.0.1", 1, ListenerSpec.BIND_HERE));
        engine.bindHandler(new LineHandler(), Map.of());
        assertEquals(ListenerState.WAITING_FOR_HANDLER, engine.listeners().get("lines"));
        assertFalse("a listener still waits", engine.handlersBound().toCompletableFuture().isDone());
        assertEquals("serving nothing is no conflict", List.of(), engine.handlerProblems());
        engine.deactivate();
        assertTrue(engine.drain().toCompletableFuture().isDone());
        try {
            engine.startAccepting();
            fail("a stopped engine accepted");
        } catch (IllegalStateException expected) {
            assertEquals("the engine is stopped; it accepts no more", expected.getMessage());
        }
    }

    @Test
    public void twoHandlersForOneListenerKeepTheEngineFromAcceptingUntilOneLeaves() throws Exception {
        int port = freePort();
        engine = newEngine(settings(1, 100, 0, 1_000),
                new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        LineHandler first = new LineHandler();
        LineHandler spare = new LineHandler();
        engine.bindHandler(first, Map.of(ProtocolHandler.LISTENER, "lines"));
        assertEquals(List.of(), engine.handlerProblems());
        engine.bindHandler(spare, Map.of(ProtocolHandler.LISTENER, new String[] {"lines"}));
        String twice = "listener lines has 2 protocol handlers: " + LINE_HANDLER + " and " + LINE_HANDLER + "; a listener takes one";
        assertEquals(List.of(twice), engine.handlerProblems());
        assertEquals(ListenerState.HANDLER_BOUND, engine.listeners().get("lines"));
        try {
            engine.startAccepting();
            fail("accepted with two handlers for one listener");
        } catch (IllegalStateException expected) {
            assertEquals("cannot accept: " + twice, expected.getMessage());
        }
        engine.unbindHandler(first);
        assertEquals(List.of(), engine.handlerProblems());
        assertEquals("the spare steps in", ListenerState.HANDLER_BOUND, engine.listeners().get("lines"));
        engine.startAccepting();
        assertEquals(ListenerState.ACCEPTING, engine.listeners().get("lines"));
        engine.unbindHandler(spare);
        assertEquals(ListenerState.CLOSED, engine.listeners().get("lines"));
    }

    @Test
    public void aHandlerServesTheConfiguredListenersItNamesAndNothingForTheOthers() throws Exception {
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(
                new ListenerSpec("lines", "127.0.0.1", freePort(), ListenerSpec.BIND_HERE),
                new ListenerSpec("words", "127.0.0.1", freePort(), ListenerSpec.BIND_HERE))),
                settings(1, 100, 0, 1_000));
        engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, List.of("lines", "gret", "words")));
        assertEquals(List.of(), engine.handlerProblems());
        engine.startAccepting();
        assertEquals(Map.of("lines", ListenerState.ACCEPTING, "words", ListenerState.ACCEPTING), engine.listeners());
    }

    @Test
    public void aNonBlockingHandlerRunsOnTheIoThreadAndWhatBlocksOnThePoolInOrder() throws Exception {
        int port = freePort();
        startNonBlocking(port, 30_000);
        try (Client client = new Client(port)) {
            client.send("fast\n");
            assertTrue(client.readLine().startsWith("fast@fdt-io-"));
            client.send("block\n");
            assertTrue(client.readLine().startsWith("block@fdt-pool-"));
            // A message behind a blocking one waits for it, on whichever thread it then runs.
            client.send("block 1\nfast 2\nfast 3\nblock 4\nfast 5\n");
            for (int i = 1; i <= 5; i++) {
                String reply = client.readLine();
                assertTrue("reply " + i + " in order: " + reply, reply.startsWith((i % 3 == 1 ? "block " : "fast ") + i + "@"));
            }
            client.send("fast again\n");
            assertTrue("back on the I/O thread once caught up",
                    waitForIoThread(client, "fast again"));
        }
    }

    @Test
    public void drainReachesANonBlockingHandlerOnItsEventLoop() throws Exception {
        int port = freePort();
        startNonBlocking(port, 30_000);
        try (Client client = new Client(port)) {
            client.send("fast\n");
            assertTrue(client.readLine().startsWith("fast@"));
            CompletionStage<Void> drained = engine.drain();
            assertNull("the default draining() closes the connection", client.readLine());
            drained.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, engine.openConnections());
        }
    }

    @Test
    public void aClientThatShutsDownItsSendingSideGetsEveryAnswerFromThePoolThenTheClose() throws Exception {
        int port = freePort();
        start(settings(2, 100, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.send("one\ntwo\nthree\n");
            client.shutdownOutput();
            assertEquals("one", client.readLine());
            assertEquals("two", client.readLine());
            assertEquals("three", client.readLine());
            assertNull("closed after the last answer", client.readLine());
        }
    }

    @Test
    public void aHalfClosedConnectionOfANonBlockingHandlerGetsItsAnswersInOrderThenTheClose() throws Exception {
        int port = freePort();
        startNonBlocking(port, 30_000);
        try (Client client = new Client(port)) {
            client.send("fast 1\nblock 2\nfast 3\n");
            client.shutdownOutput();
            assertTrue(client.readLine().startsWith("fast 1@fdt-io-"));
            assertTrue(client.readLine().startsWith("block 2@fdt-pool-"));
            assertTrue(client.readLine().startsWith("fast 3@"));
            assertNull("closed after the last answer", client.readLine());
        }
    }

    @Test
    public void aListenerWhoseWorkBlocksHoldsOnlyItsShareOfThePool() throws Exception {
        int slowPort = freePort();
        int linesPort = freePort();
        GateHandler gate = new GateHandler(2);
        // Three threads, two listeners: each may hold 3 - max(2 - 1, 3 / 4) = 2 of them.
        startTwo(settings(3, 100, 0, 5_000), new ListenerSpec("slow", "127.0.0.1", slowPort, ListenerSpec.BIND_HERE), gate,
                new ListenerSpec("lines", "127.0.0.1", linesPort, ListenerSpec.BIND_HERE), new LineHandler());
        List<Client> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Client c = new Client(slowPort);
                c.send("wait\n");
                slow.add(c);
            }
            assertTrue("the slow listener's share is busy", gate.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            try (Client lines = new Client(linesPort)) {
                lines.send("answered\n");
                assertEquals("answered", lines.readLine());
            }
            assertEquals("the third slow request waits for its listener's share", 2, gate.inside.get());
            org.awaitility.Awaitility.await("the lines request's thread back in the pool").atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> engine.busyThreads() == 2);
            assertEquals(3, engine.poolThreads());
            gate.release.countDown();
            for (Client c : slow) {
                assertEquals("waited", c.readLine());
            }
        } finally {
            gate.release.countDown();
            for (Client c : slow) {
                c.close();
            }
        }
    }

    @Test
    public void stoppingInterruptsBlockedWorkAndDropsTheWorkThatWaitsForItsShare() throws Exception {
        int slowPort = freePort();
        GateHandler gate = new GateHandler(2);
        startTwo(settings(3, 100, 0, 5_000), new ListenerSpec("slow", "127.0.0.1", slowPort, ListenerSpec.BIND_HERE), gate,
                new ListenerSpec("lines", "127.0.0.1", freePort(), ListenerSpec.BIND_HERE), new LineHandler());
        try (Client first = new Client(slowPort); Client second = new Client(slowPort); Client third = new Client(slowPort)) {
            first.send("wait\n");
            second.send("wait\n");
            third.send("wait\n");
            assertTrue(gate.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            engine.deactivate(); // waits 2 s for the busy threads, then interrupts them
            engine = null;
            org.awaitility.Awaitility.await("both blocked calls interrupted").atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> gate.interrupted.get() == 2);
            assertEquals("the third request never ran", 2, gate.calls.get());
        } finally {
            gate.release.countDown();
        }
    }

    @Test
    public void aListenersConfiguredShareOfThreadsIsKept() throws Exception {
        int slowPort = freePort();
        int linesPort = freePort();
        GateHandler gate = new GateHandler(1);
        startTwo(settings(3, 100, 0, 5_000),
                new ListenerSpec("slow", "127.0.0.1", slowPort, ListenerSpec.BIND_HERE, false, 1, ListenerSpec.DEFAULT_SHARE),
                gate, new ListenerSpec("lines", "127.0.0.1", linesPort, ListenerSpec.BIND_HERE), new LineHandler());
        try (Client first = new Client(slowPort); Client second = new Client(slowPort)) {
            first.send("wait\n");
            second.send("wait\n");
            assertTrue(gate.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            try (Client lines = new Client(linesPort)) {
                lines.send("answered\n");
                assertEquals("answered", lines.readLine());
            }
            assertEquals("a share of one thread", 1, gate.inside.get());
            gate.release.countDown();
            assertEquals("waited", first.readLine());
            assertEquals("waited", second.readLine());
        } finally {
            gate.release.countDown();
        }
    }

    @Test
    public void aListenerFullOfConnectionsLeavesRoomForTheOthers() throws Exception {
        int aPort = freePort();
        int bPort = freePort();
        // Three connections, two listeners: each may hold 3 - max(2 - 1, 3 / 4) = 2 of them.
        startTwo(TestSettings.of(2, 1, 100, 0, 3, 5_000), new ListenerSpec("a", "127.0.0.1", aPort, ListenerSpec.BIND_HERE),
                new LineHandler(), new ListenerSpec("b", "127.0.0.1", bPort, ListenerSpec.BIND_HERE), new LineHandler());
        try (Client a1 = new Client(aPort); Client a2 = new Client(aPort)) {
            a1.send("one\n");
            a2.send("two\n");
            assertEquals("one", a1.readLine());
            assertEquals("two", a2.readLine());
            try (Client a3 = new Client(aPort)) {
                assertNull("over the listener's share, closed at once", a3.readLine());
            }
            try (Client b = new Client(bPort)) {
                b.send("room\n");
                assertEquals("room", b.readLine());
            }
        }
    }

    @Test
    public void aClientTricklingAFrameIsClosedAfterTheFrameTimeout() throws Exception {
        int port = freePort();
        start(TestSettings.of(2, 1, 100, 0, 100, 5_000, 300), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.socket.setSoTimeout(50); // the pace of the trickle
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    client.send("x");
                    closed = client.socket.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing arrived within the pace: send the next byte
                } catch (java.net.SocketException reset) {
                    closed = true;
                }
            }
            assertTrue("closed by the frame timeout", closed);
        }
    }

    @Test
    public void aClientSendingWholeFramesSlowlyIsKept() throws Exception {
        int port = freePort();
        // Each frame takes two pauses of 100 ms, well within the timeout; the eight of them take longer than it.
        start(TestSettings.of(2, 1, 100, 0, 100, 5_000, 1_500), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            for (int frame = 0; frame < 8; frame++) {
                client.send("fra");
                client.expectNothingFor(100);
                client.send("me " + frame);
                client.expectNothingFor(100);
                client.send("\n");
                assertEquals("frame " + frame, client.readLine());
            }
        }
    }

    @Test
    public void aWriteThatFailsClosesTheConnection() throws Exception {
        int port = freePort();
        start(settings(2, 100, 0, 5_000), new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        try (Client client = new Client(port)) {
            client.send("wrong type\n");
            assertNull("an Integer has no encoder: the write fails and the connection closes", client.readLine());
        }
    }

    @Test
    public void aStopOnAnInterruptedThreadInterruptsTheBusyHandlersAtOnceAndKeepsTheInterrupt() throws Exception {
        LogCapture log = new LogCapture(ServerEngine.class);
        log.before();
        int port = freePort();
        GateHandler gate = new GateHandler(1);
        engine = newEngine(settings(2, 100, 0, 5_000), new ListenerSpec("gate", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        engine.bindHandler(gate, Map.of(ProtocolHandler.LISTENER, "gate"));
        engine.startAccepting();
        try (Client client = new Client(port)) {
            client.send("wait\n");
            assertTrue("handle() entered", gate.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            Thread.currentThread().interrupt();
            engine.deactivate();
            assertTrue("the stopping thread is still interrupted", Thread.interrupted());
            org.awaitility.Awaitility.await("the busy handler interrupted").atMost(WAIT_SECONDS, TimeUnit.SECONDS)
                    .until(() -> gate.interrupted.get() == 1);
            assertNull("the client sees its connection closed", client.readLine());
            assertFalse("no 2 s wait for the busy threads: " + log.lines(),
                    log.has("WARNING application threads still busy"));
            assertTrue(log.lines().toString(), log.lines().contains("INFO server engine stopped"));
        } finally {
            log.after();
            engine = null;
        }
    }

    private void start(ServerSettings settings, ListenerSpec spec) {
        engine = newEngine(settings, spec);
        engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, spec.name()));
        assertEquals(ListenerState.HANDLER_BOUND, engine.listeners().get(spec.name()));
        engine.startAccepting();
        engine.startAccepting(); // idempotent
    }

    private void startTwo(ServerSettings settings, ListenerSpec a, ProtocolHandler aHandler, ListenerSpec b,
            ProtocolHandler bHandler) {
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(a, b)), settings);
        engine.bindHandler(aHandler, Map.of(ProtocolHandler.LISTENER, a.name()));
        engine.bindHandler(bHandler, Map.of(ProtocolHandler.LISTENER, b.name()));
        engine.startAccepting();
    }

    private void startNonBlocking(int port, long gracefulMillis) {
        engine = newEngine(settings(2, 100, 0, gracefulMillis),
                new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE));
        engine.bindHandler(new ThreadNamingHandler(),
                Map.of(ProtocolHandler.LISTENER, "lines", ProtocolHandler.NON_BLOCKING, Boolean.TRUE));
        engine.startAccepting();
    }

    /** Sends the line until it comes back handled on an I/O thread; the pool may still be finishing a turn. */
    private static boolean waitForIoThread(Client client, String line) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        String reply = client.readLine();
        while (!reply.startsWith(line + "@fdt-io-") && System.nanoTime() < deadline) {
            client.send(line + "\n");
            reply = client.readLine();
        }
        return reply.startsWith(line + "@fdt-io-");
    }

    private static ServerSettings settings(int threads, int maxFrameLength, long idleMillis, long gracefulMillis) {
        return TestSettings.of(threads, 1, maxFrameLength, idleMillis, 100, gracefulMillis);
    }

    private static ServerEngine newEngine(ServerSettings settings, ListenerSpec spec) {
        return new ServerEngine(new WorkerContext("1.0", 1, List.of(spec)), settings);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Echoes lines; the line "fail" makes handle() throw; "stay" overrides draining to keep the connection. */
    private static final class LineHandler implements ProtocolHandler {
        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            pipeline.addLast(new LineBasedFrameDecoder(context.maxFrameLength()));
            pipeline.addLast(new StringDecoder(StandardCharsets.UTF_8));
            pipeline.addLast(new StringEncoder(StandardCharsets.UTF_8));
        }

        @Override
        public void handle(Connection connection, Object message) {
            if ("fail".equals(message)) {
                throw new IllegalStateException("expected by the test");
            }
            if ("stay".equals(message)) {
                connection.attributes().put("stay", true);
            }
            if ("wrong type".equals(message)) {
                connection.write(42);
                return;
            }
            if ("two then close".equals(message)) {
                connection.write("one\n");
                connection.write("two\n");
                connection.close("asked to");
                return;
            }
            if ("other thread".equals(message)) {
                // A write from another thread while handle() runs comes after what handle() wrote before it.
                connection.write("from handle\n");
                Thread other = new Thread(() -> connection.write("from another thread\n"));
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            connection.write(message + "\n");
        }

        @Override
        public void draining(Connection connection) {
            if (!connection.attributes().containsKey("stay")) {
                connection.close("worker draining");
            }
        }
    }

    /**
     * Non-blocking except for lines starting with "block", which take 50 ms of pretend work;
     * answers each line with the name of the thread that handled it.
     */
    private static final class ThreadNamingHandler implements ProtocolHandler {
        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            pipeline.addLast(new LineBasedFrameDecoder(context.maxFrameLength()));
            pipeline.addLast(new StringDecoder(StandardCharsets.UTF_8));
            pipeline.addLast(new StringEncoder(StandardCharsets.UTF_8));
        }

        @Override
        public boolean blocks(Object message) {
            return ((String) message).startsWith("block");
        }

        @Override
        public void handle(Connection connection, Object message) throws InterruptedException {
            if (blocks(message)) {
                Thread.sleep(50); // slow work, long enough for a wrong order to show
            }
            connection.write(message + "@" + Thread.currentThread().getName() + "\n");
        }
    }

    /** Answers "waited" to each line once released; counts the calls inside handle(). */
    private static final class GateHandler implements ProtocolHandler {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered;
        final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger interrupted = new java.util.concurrent.atomic.AtomicInteger();

        /** @param entries how many calls inside handle() open {@link #entered} */
        GateHandler(int entries) {
            entered = new CountDownLatch(entries);
        }

        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            pipeline.addLast(new LineBasedFrameDecoder(context.maxFrameLength()));
            pipeline.addLast(new StringDecoder(StandardCharsets.UTF_8));
            pipeline.addLast(new StringEncoder(StandardCharsets.UTF_8));
        }

        @Override
        public void handle(Connection connection, Object message) throws InterruptedException {
            calls.incrementAndGet();
            inside.incrementAndGet();
            entered.countDown();
            try {
                assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            inside.decrementAndGet();
            connection.write("waited\n");
        }
    }

    /** A blocking line client. */
    private static final class Client implements AutoCloseable {
        private final java.net.Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(int port) throws IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Waits that long for a byte, failing if one (or the end of the stream) arrives: the pacing of a slow client. */
        void expectNothingFor(int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                int b = socket.getInputStream().read();
                fail("expected nothing, got " + b);
            } catch (java.net.SocketTimeoutException expected) {
                // nothing arrived: still open
            } finally {
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
        }

        void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        String readLine() throws IOException {
            try {
                return in.readLine();
            } catch (java.net.SocketException e) {
                return null; // reset by the server: closed just the same
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
