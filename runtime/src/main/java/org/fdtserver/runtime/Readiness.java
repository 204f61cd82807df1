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
 * tells the engine to accept. Each of these ends the wait at once, naming the components, bundles
 * and listeners: a Declarative Services component that fails to activate, a listener that two
 * handlers name, a listener that no handler component of the bundle set names (with the handlers
 * that name a listener which is not configured). Until then the worker serves nobody, so a
 * generation that never gets ready never touches a client.
 */
final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long POLL_MILLIS = 10;
    private static final long REPORT_MILLIS = 5000;

    /** How often SCR's component states are read while waiting; cheaper than the 10 ms engine poll needs. */
    private static final long COMPONENT_CHECK_MILLIS = 50;

    private final ServiceTracker<ServingEngine, ServingEngine> engines;
    private final Components components;

    Readiness(BundleContext context) {
        engines = new ServiceTracker<>(context, ServingEngine.class, null);
        engines.open();
        components = new Components(context);
    }

    /** A component failed to activate, or the handlers do not fit the listeners: the worker cannot serve with this bundle set. */
    static final class CannotServeException extends Exception {
        private static final long serialVersionUID = 1L;

        CannotServeException(String message) {
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
     * @throws CannotServeException naming every component that failed to activate, as soon as one
     *     has, the engine's {@link ServingEngine#handlerProblems()}, or the listeners that can never
     *     get a handler ({@link HandlerCoverage#unservable})
     */
    ServingEngine awaitAccepting(java.util.function.BooleanSupplier stillStarting)
            throws InterruptedException, CannotServeException {
        long nextReport = System.nanoTime() + REPORT_MILLIS * 1_000_000;
        long nextComponentCheck = System.nanoTime();
        while (stillStarting.getAsBoolean()) {
            ServingEngine engine = engines.getService();
            if (System.nanoTime() - nextComponentCheck >= 0) {
                // Every bundle is active by now, so each of these is final: waiting for the ready timeout would only hide it.
                Components.Snapshot scr = components.read();
                if (!scr.failures().isEmpty()) {
                    throw new CannotServeException(String.join("; ", scr.failures()));
                }
                List<String> unservable = engine == null ? List.of()
                        : HandlerCoverage.unservable(engine.listeners().keySet(), waiting(engine), scr.handlers());
                if (!unservable.isEmpty()) {
                    throw new CannotServeException(String.join("; ", unservable));
                }
                nextComponentCheck = System.nanoTime() + COMPONENT_CHECK_MILLIS * 1_000_000;
            }
            if (engine != null) {
                List<String> problems = engine.handlerProblems();
                if (!problems.isEmpty()) {
                    throw new CannotServeException(String.join("; ", problems));
                }
                if (waiting(engine).isEmpty()) {
                    engine.startAccepting();
                    return engine;
                }
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
