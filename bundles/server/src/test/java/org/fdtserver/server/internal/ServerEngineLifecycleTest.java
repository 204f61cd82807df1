package org.fdtserver.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.WorkerContext;
import org.fdtserver.server.internal.listener.ListenerOpener;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * What a client and the operator see of the engine's start and stop, of the interceptors bound
 * to it and of the writes of a handler on the pool, over real sockets on loopback.
 */
public class ServerEngineLifecycleTest {

    private static final long WAIT_SECONDS = Long.getLong("fdt.test.waitSeconds", 10);

    @Rule
    public LogCapture engineLog = new LogCapture(ServerEngine.class);
    @Rule
    public LogCapture connectionLog = new LogCapture("org.fdtserver.server.internal.connection.ChannelConnection");
    @Rule
    public LogCapture openerLog = new LogCapture(ListenerOpener.class);

    private final List<String> seen = new CopyOnWriteArrayList<>();
    /** Lets the handler's "push" finish. */
    private final CountDownLatch release = new CountDownLatch(1);
    private ServerEngine engine;

    @After
    public void stop() {
        if (engine != null) {
            engine.deactivate();
        }
    }

    @Test
    public void stoppingCutsOpenConnectionsWithAWarningClosesTheListenersAndDoesNotWaitForAnIdlePool() throws Exception {
        int port = freePort();
        start(settings(0), spec("lines", port));
        ServerEngine stopped = engine;
        try (Client client = new Client(port)) {
            client.send("hello\n");
            assertEquals("hello", client.readLine());
            engine.deactivate();
            assertTrue(connectionLog.lines().toString(), connectionLog.lines().stream().anyMatch(l -> l.matches(
                    "WARNING closing connection 1 on lines from /127\\.0\\.0\\.1:\\d+: server engine stopping")));
            assertNull("the client sees its connection closed", client.readLine());
        } finally {
            engine = null;
        }
        assertEquals(Map.of("lines", ListenerState.CLOSED), stopped.listeners());
        assertFalse("an idle pool stops at once: " + engineLog.lines(), engineLog.has("WARNING application threads still busy"));
        assertTrue(engineLog.lines().toString(), engineLog.lines().contains("INFO server engine stopped"));
    }

    @Test
    public void aDrainAfterTheStopIsDoneAtOnceWithoutDrainingAnything() {
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(spec("lines", 1))), settings(0));
        engine.deactivate();
        assertTrue(engine.drain().toCompletableFuture().isDone());
        assertFalse("nothing left to drain: " + engineLog.lines(), engineLog.has("INFO draining"));
        engine = null;
    }

    @Test
    public void anEngineWithoutListenersHasEveryHandlerItNeedsAtOnce() {
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of()), settings(0));
        assertTrue(engine.handlersBound().toCompletableFuture().isDone());
    }

    @Test
    public void boundInterceptorsRunAroundEveryUnitOfWorkInOrderUntilUnbound() throws Exception {
        int port = freePort();
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(spec("lines", port))), settings(0));
        WorkInterceptor first = recording("tx");
        WorkInterceptor second = recording("audit");
        engine.bindInterceptor(first);
        engine.bindInterceptor(second);
        engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, "lines"));
        engine.startAccepting();
        try (Client client = new Client(port)) {
            client.send("one\n");
            assertEquals("one", client.readLine());
            assertEquals(List.of("tx before", "audit before", "audit after", "tx after", // connected()
                    "tx before", "audit before", "handle one", "audit after", "tx after"), seen);
            seen.clear();
            engine.unbindInterceptor(first);
            client.send("two\n");
            assertEquals("two", client.readLine());
            assertEquals(List.of("audit before", "handle two", "audit after"), seen);
        }
    }

    @Test
    public void whatAFailingHandlerWroteReachesTheClientBeforeTheClose() throws Exception {
        int port = freePort();
        start(settings(0), spec("lines", port));
        try (Client client = new Client(port)) {
            client.send("fail\n");
            assertEquals("error: fail", client.readLine());
            assertNull("then the connection closes", client.readLine());
        }
    }

    @Test
    public void aWriteFromAnotherThreadWhileHandleRunsGoesOutAtOnceAfterWhatHandleWrote() throws Exception {
        int port = freePort();
        start(settings(0), spec("lines", port));
        try (Client client = new Client(port)) {
            client.send("push\n");
            assertEquals("from handle", client.readLine());
            assertEquals("pushed while handle waits", client.readLine());
            release.countDown();
            assertEquals("push done", client.readLine());
        }
    }

    @Test
    public void aFrameTimeoutOfZeroMeansNoFrameTimer() throws Exception {
        int port = freePort();
        start(TestSettings.of(2, 1, 100, 0, 100, 5_000, 0), spec("lines", port));
        try (Client client = new Client(port)) {
            client.send("untimed\n");
            assertEquals("untimed", client.readLine());
        }
    }

    @Test
    public void theAcceptingLineSaysHowTheListenerGotItsSocket() throws Exception {
        int port = freePort();
        start(settings(0), spec("lines", port));
        engine.deactivate();
        int reused = freePort();
        start(settings(0), new ListenerSpec("shared", "127.0.0.1", reused, ListenerSpec.BIND_HERE, true));
        assertEquals(List.of("INFO listener lines accepting on /127.0.0.1:" + port,
                "INFO listener shared accepting on /127.0.0.1:" + reused + " (reuseport)"), openerLog.lines());
    }

    private void start(ServerSettings settings, ListenerSpec spec) {
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(spec)), settings);
        engine.bindHandler(new LineHandler(), Map.of(ProtocolHandler.LISTENER, spec.name()));
        engine.startAccepting();
    }

    private WorkInterceptor recording(String name) {
        return new WorkInterceptor() {
            @Override
            public void beforeWork(Connection connection) {
                seen.add(name + " before");
            }

            @Override
            public void afterWork(Connection connection) {
                seen.add(name + " after");
            }
        };
    }

    private static ListenerSpec spec(String name, int port) {
        return new ListenerSpec(name, "127.0.0.1", port, ListenerSpec.BIND_HERE);
    }

    private static ServerSettings settings(long idleMillis) {
        return TestSettings.of(2, 1, 100, idleMillis, 100, 5_000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Echoes lines. "fail" writes an error line, then throws; "push" writes from handle(), has
     * another thread write while handle() waits for {@link #release}, then writes once more.
     */
    private final class LineHandler implements ProtocolHandler {
        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
            pipeline.addLast(new LineBasedFrameDecoder(context.maxFrameLength()));
            pipeline.addLast(new StringDecoder(StandardCharsets.UTF_8));
            pipeline.addLast(new StringEncoder(StandardCharsets.UTF_8));
        }

        @Override
        public void handle(Connection connection, Object message) throws InterruptedException {
            seen.add("handle " + message);
            if ("fail".equals(message)) {
                connection.write("error: fail\n");
                throw new IllegalStateException("expected by the test");
            }
            if ("push".equals(message)) {
                connection.write("from handle\n");
                Thread other = new Thread(() -> connection.write("pushed while handle waits\n"));
                other.start();
                other.join();
                assertTrue("the client saw both lines", release.await(WAIT_SECONDS, TimeUnit.SECONDS));
                connection.write("push done\n");
                return;
            }
            connection.write(message + "\n");
        }
    }

    /** A blocking line client. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
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
