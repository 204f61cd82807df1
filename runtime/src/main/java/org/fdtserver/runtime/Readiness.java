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
 * tells the engine to accept; a Declarative Services component that fails to activate meanwhile
 * ends the wait at once with its name and exception. Until then the worker serves nobody, so a generation that never
 * gets ready never touches a client.
 */
final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long POLL_MILLIS = 10;
    private static final long REPORT_MILLIS = 5000;

    /** How often SCR's component states are read while waiting; cheaper than the 10 ms engine poll needs. */
    private static final long COMPONENT_CHECK_MILLIS = 50;

    private final ServiceTracker<ServingEngine, ServingEngine> engines;
    private final ComponentFailures components;

    Readiness(BundleContext context) {
        engines = new ServiceTracker<>(context, ServingEngine.class, null);
        engines.open();
        components = new ComponentFailures(context);
    }

    /** A component failed to activate: the worker cannot serve with this bundle set. */
    static final class ComponentFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        ComponentFailedException(String message) {
            super(message);
        }
    }

    /**
     * Blocks until the engine accepts on every listener; logs what it waits for every few seconds.
     * The launcher's ready timeout bounds the wait from outside.
     *
     * @param stillStarting false once the worker was asked to stop, which ends the wait
     * @return the accepting engine, or null if the wait was abandoned
     * @throws InterruptedException if interrupted
     * @throws ComponentFailedException naming every component that failed to activate, as soon as one has
     */
    ServingEngine awaitAccepting(java.util.function.BooleanSupplier stillStarting)
            throws InterruptedException, ComponentFailedException {
        long nextReport = System.nanoTime() + REPORT_MILLIS * 1_000_000;
        long nextComponentCheck = System.nanoTime();
        while (stillStarting.getAsBoolean()) {
            if (System.nanoTime() - nextComponentCheck >= 0) {
                // A handler whose activation threw would leave its listener waiting until the ready timeout.
                List<String> failed = components.find();
                if (!failed.isEmpty()) {
                    throw new ComponentFailedException(String.join("; ", failed));
                }
                nextComponentCheck = System.nanoTime() + COMPONENT_CHECK_MILLIS * 1_000_000;
            }
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
