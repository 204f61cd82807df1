package org.fdtserver.runtime.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Watches the Declarative Services components of the worker's bundle set from inside the
 * framework, with SCR's own types, for what no wait can mend: a component that failed to
 * activate, or a listener that no component of the bundle set offers to serve. The server bundle
 * registers it; the runtime asks for {@link #problems()} once every bundle has started and fails
 * the worker's readiness when it completes.
 *
 * @since 2.0
 */
public interface ComponentCheck {

    /**
     * Arms the check, then reads SCR's component states now and again on every change SCR
     * announces. Call it once every bundle of the set has started: before that, a handler whose
     * bundle is not yet started would look missing.
     *
     * @return completes, once, with one line per problem as soon as there is any:
     *     {@code component <name> of <bundle> <version> failed to activate: <exception>}, or a
     *     listener waiting for its handler that no component names, with the components that name
     *     a listener which is not configured; never completes while there is none
     */
    CompletionStage<List<String>> problems();

    /**
     * @return one line per component configuration that waits for a service or a configuration,
     *     naming what it waits for; for the operator while the worker is not ready yet
     */
    List<String> waiting();
}
