package org.fdtserver.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fdtserver.runtime.spi.ComponentCheck;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the server engine says every listener has its protocol handler, then tells it to
 * accept. The server bundle's {@link ComponentCheck} ends the wait at once, naming the components,
 * bundles and listeners, when a Declarative Services component fails to activate or a listener
 * can never get a handler; so does a listener that two handlers name. Until then the worker
 * serves nobody, so a generation that never gets ready never touches a client. Nothing here
 * polls: the wait is on completions the bundles signal, bounded from outside by the launcher's
 * ready timeout and ended by a drain request.
 */
final class Readiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    /** How often the operator is told what a worker that is not ready yet waits for. */
    static final long REPORT_MILLIS = 5000;

    private final FirstService<ServingEngine> engines;
    private final FirstService<ComponentCheck> checks;
    private final long reportMillis;

    /**
     * @param context the system bundle's context, once every bundle of the set has started
     * @param reportMillis how often to log what the worker still waits for
     */
    Readiness(BundleContext context, long reportMillis) {
        this.reportMillis = reportMillis;
        engines = new FirstService<>(context, ServingEngine.class);
        checks = new FirstService<>(context, ComponentCheck.class);
    }

    /** A component failed to activate, or the handlers do not fit the listeners: the worker cannot serve with this bundle set. */
    static final class CannotServeException extends Exception {
        private static final long serialVersionUID = 1L;

        CannotServeException(List<String> problems) {
            super(String.join("; ", problems));
        }
    }

    /**
     * Blocks until the engine accepts on every listener; logs what it waits for every few seconds.
     *
     * @param stopped completes when the worker is asked to stop, which ends the wait
     * @return the accepting engine, or null if the wait was abandoned
     * @throws CannotServeException with the {@link ComponentCheck#problems()} or the engine's
     *     {@link ServingEngine#handlerProblems()}
     */
    ServingEngine awaitAccepting(CompletableFuture<?> stopped) throws CannotServeException {
        // Arms the check now that every bundle has started; a problem it sees at once completes it at once.
        CompletableFuture<List<String>> problems = checks.first().thenCompose(ComponentCheck::problems);
        CompletableFuture<ServingEngine> bound = engines.first().thenCompose(e -> e.handlersBound().thenApply(v -> e));
        CompletableFuture<Object> outcome = CompletableFuture.anyOf(problems, bound, stopped);
        reportUntil(outcome);
        outcome.join();
        if (problems.isDone()) {
            throw new CannotServeException(problems.join());
        }
        if (!bound.isDone()) {
            return null;
        }
        ServingEngine engine = bound.join();
        List<String> rivals = engine.handlerProblems();
        if (!rivals.isEmpty()) {
            throw new CannotServeException(rivals);
        }
        engine.startAccepting();
        return engine;
    }

    /** @return the engine if it is registered */
    ServingEngine engine() {
        return engines.first().getNow(null);
    }

    /** Every few seconds until {@code outcome} completes, tells the operator what the worker waits for. */
    private void reportUntil(CompletableFuture<?> outcome) {
        CompletableFuture.delayedExecutor(reportMillis, TimeUnit.MILLISECONDS).execute(() -> {
            if (!outcome.isDone()) {
                LOG.warn("not ready yet: {}", waitingFor());
                reportUntil(outcome);
            }
        });
    }

    private String waitingFor() {
        ServingEngine engine = engine();
        String listeners = engine == null ? "the server engine is not registered"
                : "no protocol handler for listener(s) " + waitingListeners(engine);
        ComponentCheck check = checks.first().getNow(null);
        List<String> components = check == null ? List.of() : check.waiting();
        return components.isEmpty() ? listeners : listeners + "; " + String.join("; ", components);
    }

    private static List<String> waitingListeners(ServingEngine engine) {
        return engine.listeners().entrySet().stream()
                .filter(e -> e.getValue() == ListenerState.WAITING_FOR_HANDLER)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        engines.close();
        checks.close();
    }
}
