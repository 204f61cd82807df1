package org.fdtserver.runtime.spi;

import java.util.List;
import java.util.Objects;

/**
 * What the runtime tells the bundles about their worker that is not configuration: who it is and
 * the listening sockets it inherited. The runtime registers one instance as a service under this
 * class before any bundle starts. Settings come through Config Admin (PIDs
 * {@code org.fdtserver.server}, {@code org.fdtserver.transaction}, {@code org.fdtserver.shell}).
 *
 * @param workerId the worker's id, {@code generation.index}
 * @param generation the generation the worker belongs to
 * @param listeners the listeners this worker serves
 */
public record WorkerContext(String workerId, long generation, List<ListenerSpec> listeners) {

    /** Checks the parts and freezes the list. */
    public WorkerContext {
        Objects.requireNonNull(workerId, "workerId");
        listeners = List.copyOf(listeners);
    }
}
