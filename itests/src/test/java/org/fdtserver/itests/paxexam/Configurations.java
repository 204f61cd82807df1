package org.fdtserver.itests.paxexam;

import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Configures the installation's components inside the container the way the worker runtime does:
 * through Config Admin, under the PIDs and property names the runtime writes
 * ({@code org.fdtserver.runtime.WorkerConfigurations}).
 */
final class Configurations {

    private Configurations() {
    }

    /**
     * Writes a configuration unless one is there already (a class's tests share one framework).
     *
     * @return the configuration, to delete after the test
     */
    static Configuration writeOnce(BundleContext context, String pid, Map<String, Object> properties) throws IOException {
        ConfigurationAdmin admin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration configuration = admin.getConfiguration(pid, "?");
        if (configuration.getProperties() == null) {
            configuration.update(new Hashtable<>(properties));
        }
        return configuration;
    }

    /** @return the service, once a configured component offers it */
    static <T> T await(BundleContext context, Class<T> type, Duration deadline) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(deadline.toMillis());
        if (service == null) {
            throw new AssertionError("no " + type.getName() + " within " + deadline);
        }
        return service;
    }
}
