package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fdtserver.runtime.protocol.ControlMessage.Verb;
import org.fdtserver.runtime.protocol.EngineSettings;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.fdtserver.runtime.protocol.WorkerSpec;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A whole worker in the test JVM, from HELLO to its exit code, against a fake launcher on a real
 * Unix socket: real Felix, the real Config Admin and a test engine bundle among its system
 * bundles. Faults the worker must survive are injected with Byteman.
 */
@RunWith(BMUnitRunner.class)
public class WorkerTest {

    private static final String ID = "9.0";
    /** The graceful timeout the spec gives the engine; the worker waits this plus the drain margin. */
    private static final long GRACEFUL_MILLIS = 10;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    /** The worker takes TERM and INT for its drain; the test JVM gets its own handlers back. */
    private static SignalHandler term;
    private static SignalHandler interrupt;

    private Path system;
    private Path cache;
    private FakeLauncher launcher;

    /** How the worker's thread ended: its exit code, and whether it was left interrupted. */
    private record Outcome(int code, boolean interrupted) {
    }

    @BeforeClass
    public static void keepSignalHandlers() {
        term = Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
        Signal.handle(new Signal("TERM"), term);
        interrupt = Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
        Signal.handle(new Signal("INT"), interrupt);
    }

    @AfterClass
    public static void restoreSignalHandlers() {
        Signal.handle(new Signal("TERM"), term);
        Signal.handle(new Signal("INT"), interrupt);
    }

    @Before
    public void launcher() throws Exception {
        system = tmp.newFolder("system").toPath();
        cache = tmp.getRoot().toPath().resolve("cache");
        launcher = new FakeLauncher(tmp.getRoot().toPath().resolve("control.sock"));
    }

    @After
    public void closeLauncher() throws Exception {
        launcher.close();
    }

    private WorkerSpec spec(Path cacheDir) throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.createDirectories(dir.resolve("bundles"));
        return new WorkerSpec(9, dir.resolve("control.sock"), dir, system, dir.resolve("bundles"), cacheDir, List.of(),
                new EngineSettings(1, 1, 1024, 0, 10, GRACEFUL_MILLIS, 0), Optional.empty(), "INFO");
    }

    /** Starts the worker on its own thread, as WorkerMain's main thread runs it. */
    private CompletableFuture<Outcome> start(WorkerSpec spec) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread main = new Thread(() -> {
            int code = new Worker(ID, spec).run();
            outcome.complete(new Outcome(code, Thread.currentThread().isInterrupted()));
        }, "worker-" + ID);
        main.start();
        return outcome;
    }

    private static Outcome exit(CompletableFuture<Outcome> worker) throws Exception {
        return worker.get(60, TimeUnit.SECONDS);
    }

    /** A worker with Config Admin and the test engine: it gets READY, then the launcher asks it to drain. */
    private Outcome readyThenDrained() throws Exception {
        TestEngineBundle.copyConfigAdminTo(system);
        TestEngineBundle.writeTo(system);
        CompletableFuture<Outcome> worker = start(spec(cache));
        launcher.await(Verb.READY);
        launcher.send(Verb.DRAIN);
        return exit(worker);
    }

    private Path workerCache() {
        return cache.resolve("worker-" + ID);
    }

    @Test
    public void aWorkerAskedToDrainBeforeItsEngineRegistersHasNothingToDrain() throws Exception {
        TestEngineBundle.copyConfigAdminTo(system); // no engine among the system bundles: the worker waits for one
        CompletableFuture<Outcome> worker = start(spec(cache));
        launcher.send(Verb.DRAIN);
        Outcome outcome = exit(worker);
        assertEquals(ExitCodes.OK, outcome.code());
        assertEquals(List.of(Verb.HELLO, Verb.DRAINING), launcher.verbs());
        assertFalse(log.lines().toString(), log.lines().contains("INFO drained") || log.has("connections still open"));
        assertFalse("the bundle cache is deleted", Files.exists(workerCache()));
    }

    @Test
    public void aReadyWorkerDrainsAndExits() throws Exception {
        Outcome outcome = readyThenDrained();
        assertEquals(ExitCodes.OK, outcome.code());
        assertEquals(Verb.DRAINING, launcher.verbs().get(launcher.verbs().size() - 1));
        assertTrue(log.lines().toString(), log.lines().contains("INFO drained"));
        assertFalse(outcome.interrupted());
    }

    @Test
    @BMRule(name = "the drain outlasts its limit",
            targetClass = "java.util.concurrent.CompletableFuture", targetMethod = "get(long,java.util.concurrent.TimeUnit)",
            condition = "callerEquals(\"org.fdtserver.runtime.Worker.drain\", true, true)",
            action = "throw new java.util.concurrent.TimeoutException()")
    public void aDrainThatOutlastsItsLimitIsCutAndTheWorkerStillExits() throws Exception {
        Outcome outcome = readyThenDrained();
        assertEquals(ExitCodes.OK, outcome.code());
        assertTrue(log.lines().toString(), log.lines().contains("WARNING connections still open after "
                + (GRACEFUL_MILLIS + 5_000) + " ms; stopping anyway"));
        assertFalse(log.lines().toString(), log.lines().contains("INFO drained"));
        assertFalse("the bundle cache is deleted", Files.exists(workerCache()));
    }

    @Test
    @BMRule(name = "the engine's drain fails",
            targetClass = "java.util.concurrent.CompletableFuture", targetMethod = "get(long,java.util.concurrent.TimeUnit)",
            condition = "callerEquals(\"org.fdtserver.runtime.Worker.drain\", true, true)",
            action = "throw new java.util.concurrent.ExecutionException(new IllegalStateException(\"the event loops are gone\"))")
    public void aDrainThatFailsIsReportedAndTheWorkerStillExits() throws Exception {
        Outcome outcome = readyThenDrained();
        assertEquals(ExitCodes.OK, outcome.code());
        assertTrue(log.lines().toString(),
                log.has("WARNING drain failed: java.lang.IllegalStateException: the event loops are gone"));
        assertFalse(log.lines().toString(), log.lines().contains("INFO drained"));
    }

    @Test
    @BMRule(name = "the wait for the drain is interrupted",
            targetClass = "java.util.concurrent.CompletableFuture", targetMethod = "get(long,java.util.concurrent.TimeUnit)",
            condition = "callerEquals(\"org.fdtserver.runtime.Worker.drain\", true, true)",
            action = "throw new InterruptedException()")
    public void anInterruptedDrainStillStopsTheWorkerAndKeepsTheInterrupt() throws Exception {
        Outcome outcome = readyThenDrained();
        assertEquals(ExitCodes.OK, outcome.code());
        assertTrue("the thread that ran the worker is still interrupted", outcome.interrupted());
        assertFalse(log.lines().toString(), log.lines().contains("INFO drained"));
        assertEquals(Verb.DRAINING, launcher.verbs().get(launcher.verbs().size() - 1));
    }

    @Test
    @BMRule(name = "the engine cannot accept",
            targetClass = "org.fdtserver.runtime.Readiness", targetMethod = "awaitAccepting",
            targetLocation = "AT INVOKE org.fdtserver.runtime.spi.ServingEngine.startAccepting",
            action = "throw new IllegalStateException(\"listener echo on 127.0.0.1:7000 cannot accept: address in use\")")
    public void anEngineThatCannotStartAcceptingFailsTheBoot() throws Exception {
        TestEngineBundle.copyConfigAdminTo(system);
        TestEngineBundle.writeTo(system);
        Outcome outcome = exit(start(spec(cache)));
        assertEquals(ExitCodes.BOOT_FAILED, outcome.code());
        String reason = "cannot start accepting: listener echo on 127.0.0.1:7000 cannot accept: address in use";
        assertEquals(reason, launcher.await(Verb.FAILED).argument());
        assertFalse("never READY", launcher.verbs().contains(Verb.READY));
        assertTrue(log.lines().toString(), log.lines().contains("SEVERE worker failed to boot: " + reason));
    }

    @Test
    public void aWorkerWithoutConfigAdminFailsItsBootNamingWhy() throws Exception {
        Outcome outcome = exit(start(spec(cache))); // the system directory holds no bundle at all
        assertEquals(ExitCodes.BOOT_FAILED, outcome.code());
        assertEquals("no Config Admin service among the system bundles", launcher.await(Verb.FAILED).argument());
        assertFalse("the bundle cache is deleted", Files.exists(workerCache()));
    }

    @Test
    public void aBundleCacheThatCannotBeCreatedFailsTheBoot() throws Exception {
        Files.writeString(cache, "a file where the bundle caches' directory should be");
        Outcome outcome = exit(start(spec(cache)));
        assertEquals(ExitCodes.BOOT_FAILED, outcome.code());
        String reason = launcher.await(Verb.FAILED).argument();
        assertTrue(reason, reason.contains("cache"));
        assertEquals("the file in the way is left alone", "a file where the bundle caches' directory should be",
                Files.readString(cache));
    }

    @Test
    @BMRule(name = "closing the launcher link fails",
            targetClass = "org.fdtserver.runtime.LauncherLink", targetMethod = "close", targetLocation = "AT EXIT",
            action = "throw new java.io.IOException(\"close failed\")")
    public void aLinkThatFailsToCloseKeepsTheWorkersExitCode() throws Exception {
        Outcome outcome = exit(start(spec(cache))); // no Config Admin: the boot fails
        assertEquals("the failed boot's code, not OK", ExitCodes.BOOT_FAILED, outcome.code());
        assertTrue(log.lines().toString(), log.lines().contains("FINE closing the launcher link: java.io.IOException: close failed"));
    }

    @Test
    @BMRule(name = "the bundle cache cannot be walked",
            targetClass = "java.nio.file.Files", targetMethod = "walk",
            condition = "callerEquals(\"org.fdtserver.runtime.Worker.deleteCache\", true, true)",
            action = "throw new java.nio.file.AccessDeniedException($1.toString())")
    public void aBundleCacheThatCannotBeDeletedIsLeftAndTheExitCodeStays() throws Exception {
        Outcome outcome = exit(start(spec(cache))); // no Config Admin: the boot fails
        assertEquals(ExitCodes.BOOT_FAILED, outcome.code());
        assertTrue(log.lines().toString(), log.lines().contains("FINE cannot delete " + workerCache()
                + ": java.nio.file.AccessDeniedException: " + workerCache()));
        assertTrue("the cache is left", Files.isDirectory(workerCache()));
    }
}
