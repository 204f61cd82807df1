package org.fdtserver.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.ControlMessage.Verb;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.fdtserver.runtime.protocol.TimingBudgets;
import org.fdtserver.runtime.protocol.WorkerSpec;
import org.fdtserver.runtime.spi.ServingEngine;
import org.fdtserver.runtime.spi.WorkerContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import org.fdtserver.runtime.protocol.WorkerState;

/** One worker's life, from boot to exit; {@link WorkerMain} documents the steps. */
final class Worker implements LauncherLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final String id;
    private final WorkerSpec spec;
    private final WorkerLifecycle lifecycle = new WorkerLifecycle();
    private final CompletableFuture<Void> drainRequested = new CompletableFuture<>();
    private volatile boolean orphaned;

    Worker(String id, WorkerSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    /** @return the process exit code */
    int run() {
        LauncherLink link;
        try {
            link = LauncherLink.connect(spec.controlSocket());
        } catch (IOException e) {
            LOG.error("cannot reach the launcher at {}: {}; exiting", spec.controlSocket(), e.toString());
            return ExitCodes.ORPHANED;
        }
        int code = ExitCodes.OK;
        try (link) {
            link.send(new ControlMessage(Verb.HELLO, id + " " + ProcessHandle.current().pid()));
            link.startReading(this);
            Signal.handle(new Signal("TERM"), s -> drainRequested());
            Signal.handle(new Signal("INT"), s -> drainRequested());
            code = serve(link);
        } catch (IOException e) {
            // Only closing the link throws it, once serve() has given the code: a failed close changes nothing.
            LOG.debug("closing the launcher link: {}", e.toString());
        } finally {
            deleteCache();
        }
        return code;
    }

    private int serve(LauncherLink link) {
        FrameworkBoot boot;
        try {
            boot = FrameworkBoot.init(cacheDir());
            boot.context().registerService(WorkerContext.class, WorkerContexts.of(spec, id), null);
            List<String> problems = startBundles(boot);
            if (!problems.isEmpty()) {
                return fail(link, boot, String.join("; ", problems));
            }
        } catch (Exception e) {
            return fail(link, null, FrameworkBoot.describe(e));
        }
        Readiness readiness = new Readiness(boot.context(), Readiness.REPORT_MILLIS);
        ServingEngine engine;
        try {
            engine = readiness.awaitAccepting(drainRequested);
        } catch (Readiness.CannotServeException e) {
            return fail(link, boot, e.getMessage());
        } catch (RuntimeException e) {
            return fail(link, boot, "cannot start accepting: " + FrameworkBoot.describe(e));
        }
        ScheduledExecutorService heartbeat = engine == null ? null : serveUntilDrainRequested(link, engine);
        lifecycle.moveTo(WorkerState.DRAINING, orphaned ? "the launcher is gone" : "asked to drain");
        link.send(ControlMessage.of(Verb.DRAINING));
        drain(readiness.engine());
        readiness.close();
        boot.stop(TimingBudgets.FRAMEWORK_STOP_MILLIS);
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        lifecycle.moveTo(WorkerState.EXITED, "drained and stopped");
        return orphaned ? ExitCodes.ORPHANED : ExitCodes.OK;
    }

    /**
     * The boot's two phases: the system bundles, which no generation changes, then this
     * generation's application bundles (a standby worker would stop between the two). Between
     * them, with Config Admin running, the runtime writes every configuration, so the
     * application bundles start configured.
     */
    private List<String> startBundles(FrameworkBoot boot) throws IOException, BundleException {
        List<String> problems = new ArrayList<>(boot.startSystemBundles(spec.systemDir()));
        WorkerConfigurations.write(boot.context(), WorkerConfigurations.of(spec, id));
        problems.addAll(boot.startApplicationBundles(spec.bundlesDir()));
        return problems;
    }

    /** Reports READY, then serves with a heartbeat until asked to drain. */
    private ScheduledExecutorService serveUntilDrainRequested(LauncherLink link, ServingEngine engine) {
        lifecycle.moveTo(WorkerState.READY, "every listener accepting");
        LOG.info("ready in {} ms since JVM start", uptimeMillis());
        link.send(ControlMessage.of(Verb.READY));
        ScheduledExecutorService heartbeat = startHeartbeat(link, engine);
        drainRequested.join();
        return heartbeat;
    }

    private int fail(LauncherLink link, FrameworkBoot boot, String reason) {
        lifecycle.moveTo(WorkerState.FAILED, "boot failed");
        LOG.error("worker failed to boot: {}", reason);
        link.send(new ControlMessage(Verb.FAILED, reason));
        if (boot != null) {
            boot.stop(TimingBudgets.FRAMEWORK_STOP_MILLIS);
        }
        return ExitCodes.BOOT_FAILED;
    }

    private void drain(ServingEngine engine) {
        if (engine == null) {
            return;
        }
        long limit = TimingBudgets.drainLimitMillis(spec.engine().gracefulTimeoutMillis());
        try {
            engine.drain().toCompletableFuture().get(limit, TimeUnit.MILLISECONDS);
            LOG.info("drained");
        } catch (TimeoutException e) {
            LOG.warn("connections still open after {} ms; stopping anyway", limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("drain failed: {}", FrameworkBoot.describe(e));
        }
    }

    private ScheduledExecutorService startHeartbeat(LauncherLink link, ServingEngine engine) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fdt-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> link.send(new ControlMessage(Verb.STATUS,
                engine.openConnections() + " " + engine.busyThreads() + " " + engine.poolThreads())),
                0, TimingBudgets.HEARTBEAT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return timer;
    }

    @Override
    public void drainRequested() {
        drainRequested.complete(null);
    }

    @Override
    public void haltRequested() {
        LOG.warn("halt requested by the launcher: exiting now");
        Runtime.getRuntime().halt(ExitCodes.OK);
    }

    @Override
    public void launcherGone() {
        if (lifecycle.state() != WorkerState.EXITED && lifecycle.state() != WorkerState.FAILED) {
            LOG.warn("the launcher is gone: draining and exiting");
            orphaned = true;
            drainRequested();
        }
    }

    private Path cacheDir() {
        return spec.cacheDir().resolve("worker-" + id);
    }

    private void deleteCache() {
        Path dir = cacheDir();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) { // walking deeper fails unchecked
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }

    private static long uptimeMillis() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
