package org.fdtserver.runtime;

import java.util.List;
import org.fdtserver.runtime.protocol.ListenerBinding;
import org.fdtserver.runtime.protocol.WorkerSpec;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.WorkerContext;

/** Makes the {@link WorkerContext} the runtime offers the bundles from the spec the launcher wrote. */
final class WorkerContexts {

    private WorkerContexts() {
    }

    /**
     * @param spec the generation's spec
     * @param workerId this worker's id
     * @return the worker's identity and its listeners, as the spi gives them to the engine
     */
    static WorkerContext of(WorkerSpec spec, String workerId) {
        List<ListenerSpec> listeners = spec.listeners().stream().map(WorkerContexts::listener).toList();
        return new WorkerContext(workerId, spec.generation(), listeners);
    }

    private static ListenerSpec listener(ListenerBinding l) {
        return new ListenerSpec(l.name(), l.host(), l.port(), l.fd(), l.reusePort(), l.threads(), l.maxConnections());
    }
}
