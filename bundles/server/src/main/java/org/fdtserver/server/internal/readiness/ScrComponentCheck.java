package org.fdtserver.server.internal.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.fdtserver.runtime.spi.ComponentCheck;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The worker's {@link ComponentCheck}, read from {@link ServiceComponentRuntime} (as Felix Health
 * Checks' DS components check does). SCR announces every change of a component's state by
 * raising its registration's {@code service.changecount} property, which DS delivers here as an
 * update of the reference; the runtime makes SCR announce it within milliseconds
 * ({@code ds.service.changecount.timeout}). It lives in the server bundle because the engine is
 * what knows the listeners a handler must serve.
 */
@Component(service = ComponentCheck.class)
public final class ScrComponentCheck implements ComponentCheck {

    private final CompletableFuture<List<String>> problems = new CompletableFuture<>();
    private volatile ServiceComponentRuntime scr;
    /** Optional: if the engine itself failed to activate, that failure is the problem to report. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServingEngine engine;
    private boolean armed; // guarded by this

    @Reference(updated = "componentsChanged")
    void bindScr(ServiceComponentRuntime runtime) {
        this.scr = runtime;
    }

    /** SCR's change count moved: some component changed its state. */
    synchronized void componentsChanged(ServiceComponentRuntime runtime) {
        check();
    }

    @Override
    public synchronized CompletionStage<List<String>> problems() {
        armed = true;
        check();
        return problems.copy();
    }

    @Override
    public List<String> waiting() {
        return read().waiting();
    }

    private void check() {
        if (!armed || problems.isDone()) {
            return;
        }
        ComponentStates states = read();
        List<String> found = new ArrayList<>(states.failures());
        ServingEngine serving = engine;
        if (found.isEmpty() && serving != null) {
            found.addAll(HandlerCoverage.unservable(serving.listeners().keySet(), waitingListeners(serving), states.handlers()));
        }
        if (!found.isEmpty()) {
            problems.complete(found);
        }
    }

    private ComponentStates read() {
        ServiceComponentRuntime runtime = scr;
        return ComponentStates.read(runtime.getComponentDescriptionDTOs(), runtime::getComponentConfigurationDTOs);
    }

    private static List<String> waitingListeners(ServingEngine engine) {
        return engine.listeners().entrySet().stream()
                .filter(e -> e.getValue() == ListenerState.WAITING_FOR_HANDLER)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }
}
