package org.fdtserver.runtime;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the server engine is registered and every listener has its protocol handler, then
 * tells the engine to accept. Until then the worker serves nobody, so a generation that never
 * gets ready never touches a client.
 */
final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long POLL_MILLIS = 10;
    private static final long REPORT_MILLIS = 5000;

    private final ServiceTracker<ServingEngine, ServingEngine> engines;

    Readiness(BundleContext context) {
        engines = new ServiceTracker<>(context, ServingEngine.class, null);
        engines.open();
    }

    /**
     * Blocks until the engine accepts on every listener; logs what it waits for every few seconds.
     * The launcher's ready timeout bounds the wait from outside.
     *
     * @param stillStarting false once the worker was asked to stop, which ends the wait
     * @return the accepting engine, or null if the wait was abandoned
     * @throws InterruptedException if interrupted
     */
    ServingEngine awaitAccepting(java.util.function.BooleanSupplier stillStarting) throws InterruptedException {
        long nextReport = System.nanoTime() + REPORT_MILLIS * 1_000_000;
        while (stillStarting.getAsBoolean()) {
            ServingEngine engine = engines.getService();
            if (engine != null && waiting(engine).isEmpty()) {
                engine.startAccepting();
                return engine;
            }
            if (System.nanoTime() - nextReport > 0) {
                LOG.warn("not ready yet: {}", engine == null ? "the server engine is not registered" : "no protocol handler for listener(s) " + waiting(engine));
                nextReport = System.nanoTime() + REPORT_MILLIS * 1_000_000;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return null;
    }

    /** @return the engine if it is registered */
    ServingEngine engine() {
        return engines.getService();
    }

    private static List<String> waiting(ServingEngine engine) {
        return engine.listeners().entrySet().stream()
                .filter(e -> e.getValue() == ListenerState.WAITING_FOR_HANDLER)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    void close() {
        engines.close();
    }
}
