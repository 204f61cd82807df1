package org.fdtserver.runtime.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the runtime tells the bundles about their worker. The runtime registers one instance as a
 * service under this class before any application bundle starts.
 *
 * @param workerId the worker's id, {@code generation.index}
 * @param generation the generation the worker belongs to
 * @param listeners the listeners this worker serves
 * @param settings the server engine's settings
 * @param shellSocket the Unix socket the Gogo shell listens on, if any
 */
public record WorkerContext(
        String workerId,
        long generation,
        List<ListenerSpec> listeners,
        ServerSettings settings,
        Optional<Path> shellSocket) {

    /** Checks the parts and freezes the list. */
    public WorkerContext {
        Objects.requireNonNull(workerId, "workerId");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(shellSocket, "shellSocket");
    }
}
