package org.fdtserver.runtime;

import java.io.IOException;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fdtserver.runtime.protocol.DatabaseSettings;
import org.fdtserver.runtime.protocol.EngineSettings;
import org.fdtserver.runtime.protocol.WorkerSpec;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Every Config Admin configuration of one worker, by PID, made from its generation's spec: the
 * one place where launcher settings become component configuration. The runtime writes them once
 * the system bundles (Config Admin among them) run and before any application bundle starts; the
 * components that take them require their configuration, so none starts with a made-up default.
 * Application configuration for bundle authors would be more entries of {@link #of}.
 */
final class WorkerConfigurations {

    /** The server engine's PID; property names are its {@code ServerSettings} accessors. */
    static final String SERVER_PID = "org.fdtserver.server";
    /** The transaction binding's PID. */
    static final String TRANSACTION_PID = "org.fdtserver.transaction";
    /** The shell's PID: the Unix socket it serves on. */
    static final String SHELL_PID = "org.fdtserver.shell";

    private WorkerConfigurations() {
    }

    /**
     * @param spec the generation's spec
     * @param workerId this worker's id
     * @return each PID's properties, in the order they are written
     */
    static Map<String, Map<String, Object>> of(WorkerSpec spec, String workerId) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        all.put(SERVER_PID, server(spec.engine()));
        spec.database().ifPresent(d -> all.put(TRANSACTION_PID, transaction(d, workerId, spec.generation())));
        all.put(SHELL_PID, Map.of("socket", spec.shellSocket(workerId).toString()));
        return all;
    }

    private static Map<String, Object> server(EngineSettings e) {
        return Map.of("threads", e.threads(), "ioThreads", e.ioThreads(), "maxFrameLength", e.maxFrameLength(),
                "idleTimeoutMillis", e.idleTimeoutMillis(), "maxConnections", e.maxConnections(),
                "gracefulTimeoutMillis", e.gracefulTimeoutMillis(), "frameTimeoutMillis", e.frameTimeoutMillis());
    }

    private static Map<String, Object> transaction(DatabaseSettings d, String workerId, long generation) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("database.url", d.url());
        p.put("database.user", d.user());
        p.put("database.password", d.password());
        p.put("database.pool_size", d.poolSize());
        p.put("transaction.timeout_ms", d.timeoutMillis());
        p.put("transaction.indoubt_warning_ms", d.inDoubtWarningMillis());
        p.put("worker.id", workerId);
        p.put("generation", generation);
        return p;
    }

    /**
     * Writes the configurations through the running Config Admin.
     *
     * @param context the system bundle's context
     * @param configurations each PID's properties
     * @throws IOException if Config Admin cannot store one
     * @throws NullPointerException if no Config Admin runs (it is a system bundle)
     */
    static void write(BundleContext context, Map<String, Map<String, Object>> configurations) throws IOException {
        ServiceReference<ConfigurationAdmin> ref = Objects.requireNonNull(
                context.getServiceReference(ConfigurationAdmin.class), "no Config Admin service among the system bundles");
        ConfigurationAdmin admin = context.getService(ref);
        try {
            for (Map.Entry<String, Map<String, Object>> c : configurations.entrySet()) {
                // "?": bound to whichever bundle's component takes the PID.
                admin.getConfiguration(c.getKey(), "?").update(new Hashtable<>(c.getValue()));
            }
        } finally {
            context.ungetService(ref);
        }
    }
}
