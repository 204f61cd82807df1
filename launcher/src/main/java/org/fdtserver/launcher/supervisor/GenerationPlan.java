package org.fdtserver.launcher.supervisor;

import java.nio.file.Path;
import java.util.List;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.listen.BoundListener;

/**
 * Everything one generation's workers are started from, fixed when the generation is made.
 *
 * @param number the generation number
 * @param config the configuration it was made from
 * @param specFile the worker spec file in the generation's directory
 * @param listeners its listeners in configuration order; listener i arrives in each worker on fd 3 + i
 * @param bundles its bundle set, one {@code symbolic-name version} per application bundle
 */
public record GenerationPlan(long number, LauncherConfig config, Path specFile, List<BoundListener> listeners,
        List<String> bundles) {

    /** Freezes the lists. */
    public GenerationPlan {
        listeners = List.copyOf(listeners);
        bundles = List.copyOf(bundles);
    }

    /** @return the launcher's copies of the listener descriptors, in the order workers get them */
    public List<Integer> listenerFds() {
        return listeners.stream().map(BoundListener::inheritableFd).toList();
    }
}
