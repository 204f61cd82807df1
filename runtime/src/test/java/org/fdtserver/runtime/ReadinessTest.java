package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fdtserver.runtime.spi.ComponentCheck;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What ends the worker's wait for readiness, in a real (empty) framework with stand-in services. */
public class ReadinessTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeEngine engine = new FakeEngine();
    private final FakeCheck check = new FakeCheck();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private FrameworkBoot boot;
    private Readiness readiness;

    @Before
    public void boot() throws Exception {
        boot = FrameworkBoot.init(tmp.newFolder("cache").toPath());
        assertEquals(List.of(), boot.startSystemBundles(tmp.newFolder("system").toPath()));
        boot.context().registerService(ComponentCheck.class, check, null);
        readiness = new Readiness(boot.context(), Readiness.REPORT_MILLIS);
    }

    @After
    public void stop() {
        readiness.close();
        boot.stop(5000);
    }

    @Test
    public void theEngineAcceptsOnceItSaysEveryHandlerIsBound() throws Exception {
        boot.context().registerService(ServingEngine.class, engine, null);
        CompletableFuture.runAsync(() -> engine.bound.complete(null));
        assertSame(engine, readiness.awaitAccepting(stopped));
        assertTrue(engine.accepting);
        assertTrue("the check was armed", check.armed);
    }

    @Test
    public void aProblemTheCheckReportsEndsTheWaitNamingIt() {
        check.problems.complete(List.of("component a failed to activate: x", "listener b has no protocol handler"));
        Readiness.CannotServeException e = assertThrows(Readiness.CannotServeException.class,
                () -> readiness.awaitAccepting(stopped));
        assertEquals("component a failed to activate: x; listener b has no protocol handler", e.getMessage());
    }

    @Test
    public void twoHandlersForOneListenerEndTheWaitWithoutAccepting() {
        engine.rivals = List.of("listener greet has 2 protocol handlers");
        engine.bound.complete(null);
        boot.context().registerService(ServingEngine.class, engine, null);
        Readiness.CannotServeException e = assertThrows(Readiness.CannotServeException.class,
                () -> readiness.awaitAccepting(stopped));
        assertEquals("listener greet has 2 protocol handlers", e.getMessage());
        assertFalse(engine.accepting);
    }

    @Test
    public void aDrainRequestEndsTheWaitWithoutAnEngine() throws Exception {
        stopped.complete(null);
        assertNull(readiness.awaitAccepting(stopped));
        assertNull(readiness.engine());
    }

    @Test(timeout = 60_000)
    public void untilReadyTheOperatorIsToldWhatTheWorkerWaitsFor() throws Exception {
        check.waiting = List.of("component a of b 1.0.0 waits for its reference c (d.E)");
        BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        Logger log = Logger.getLogger(Readiness.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                reports.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try (Readiness fast = new Readiness(boot.context(), 1)) {
            CompletableFuture<ServingEngine> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return fast.awaitAccepting(stopped);
                } catch (Readiness.CannotServeException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("not ready yet: the server engine is not registered; component a of b 1.0.0 waits for its reference c (d.E)",
                    reports.take());
            boot.context().registerService(ServingEngine.class, engine, null);
            String expected = "not ready yet: no protocol handler for listener(s) [greet]; component a of b 1.0.0 waits for its reference c (d.E)";
            while (!reports.take().equals(expected)) {
                // earlier reports may still name the missing engine
            }
            stopped.complete(null);
            assertNull(waited.join());
        } finally {
            log.removeHandler(handler);
        }
    }

    private static final class FakeCheck implements ComponentCheck {
        final CompletableFuture<List<String>> problems = new CompletableFuture<>();
        volatile boolean armed;
        volatile List<String> waiting = List.of();

        @Override
        public CompletionStage<List<String>> problems() {
            armed = true;
            return problems;
        }

        @Override
        public List<String> waiting() {
            return waiting;
        }
    }

    private static final class FakeEngine implements ServingEngine {
        final CompletableFuture<Void> bound = new CompletableFuture<>();
        volatile List<String> rivals = List.of();
        volatile boolean accepting;

        @Override
        public Map<String, ListenerState> listeners() {
            return Map.of("greet", bound.isDone() ? ListenerState.HANDLER_BOUND : ListenerState.WAITING_FOR_HANDLER);
        }

        @Override
        public List<String> handlerProblems() {
            return rivals;
        }

        @Override
        public CompletionStage<Void> handlersBound() {
            return bound;
        }

        @Override
        public void startAccepting() {
            accepting = true;
        }

        @Override
        public CompletionStage<Void> drain() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public int openConnections() {
            return 0;
        }

        @Override
        public int busyThreads() {
            return 0;
        }

        @Override
        public int poolThreads() {
            return 1;
        }
    }
}
