package org.fdtserver.runtime.protocol;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ServerSettings;

/**
 * Everything a worker of one generation needs to boot, written by the launcher as a properties
 * file and read by the worker runtime. The worker's own id comes on its command line.
 *
 * @param generation the generation number
 * @param controlSocket the launcher's control socket the worker reports to
 * @param runDir the run directory, where the worker's shell socket goes
 * @param systemDir the directory of system bundles
 * @param bundlesDir this generation's immutable snapshot of application bundles
 * @param cacheDir the parent of the workers' Felix bundle caches
 * @param listeners the listeners, with the fd each worker inherits them on
 * @param settings the server engine's settings
 * @param logLevel the JUL level name for the worker's root logger
 * @param frameworkProperties extra framework properties for the worker's Felix, which bundles
 *     read (the database settings of the transaction binding, {@code fdt.database.*})
 */
public record WorkerSpec(
        long generation,
        Path controlSocket,
        Path runDir,
        Path systemDir,
        Path bundlesDir,
        Path cacheDir,
        List<ListenerSpec> listeners,
        ServerSettings settings,
        String logLevel,
        Map<String, String> frameworkProperties) {

    /** System property carrying the spec file's path to a worker. */
    public static final String SPEC_PROPERTY = "fdt.worker.spec";
    /** System property carrying the worker's id ({@code generation.index}). */
    public static final String ID_PROPERTY = "fdt.worker.id";
    /** The first fd a worker inherits listeners on; listener i arrives on {@code FIRST_LISTENER_FD + i}. */
    public static final int FIRST_LISTENER_FD = 3;
    /** Prefix of the spec keys that carry {@link #frameworkProperties()}. */
    static final String FRAMEWORK_PREFIX = "framework.";

    /** Freezes the list and the map. */
    public WorkerSpec {
        listeners = List.copyOf(listeners);
        frameworkProperties = Map.copyOf(frameworkProperties);
    }

    /** A spec with no extra framework properties. */
    public WorkerSpec(long generation, Path controlSocket, Path runDir, Path systemDir, Path bundlesDir, Path cacheDir,
            List<ListenerSpec> listeners, ServerSettings settings, String logLevel) {
        this(generation, controlSocket, runDir, systemDir, bundlesDir, cacheDir, listeners, settings, logLevel, Map.of());
    }

    /**
     * @param workerId the worker's id
     * @return the Unix socket path of that worker's Gogo shell
     */
    public Path shellSocket(String workerId) {
        return RunLayout.shellSocket(runDir, workerId);
    }

    /**
     * Writes the spec as a properties file.
     *
     * @param file where to write
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("generation", Long.toString(generation));
        p.setProperty("control_socket", controlSocket.toString());
        p.setProperty("run_dir", runDir.toString());
        p.setProperty("system_dir", systemDir.toString());
        p.setProperty("bundles_dir", bundlesDir.toString());
        p.setProperty("cache_dir", cacheDir.toString());
        p.setProperty("log_level", logLevel);
        List<String> names = new ArrayList<>();
        for (ListenerSpec l : listeners) {
            names.add(l.name());
            p.setProperty("listener." + l.name() + ".host", l.host());
            p.setProperty("listener." + l.name() + ".port", Integer.toString(l.port()));
            p.setProperty("listener." + l.name() + ".fd", Integer.toString(l.fd()));
            p.setProperty("listener." + l.name() + ".reuseport", Boolean.toString(l.reusePort()));
            p.setProperty("listener." + l.name() + ".threads", Integer.toString(l.threads()));
            p.setProperty("listener." + l.name() + ".max_connections", Integer.toString(l.maxConnections()));
        }
        p.setProperty("listeners", String.join(",", names));
        p.setProperty("threads", Integer.toString(settings.threads()));
        p.setProperty("io_threads", Integer.toString(settings.ioThreads()));
        p.setProperty("max_frame_length", Integer.toString(settings.maxFrameLength()));
        p.setProperty("idle_timeout_ms", Long.toString(settings.idleTimeoutMillis()));
        p.setProperty("max_connections", Integer.toString(settings.maxConnections()));
        p.setProperty("graceful_timeout_ms", Long.toString(settings.gracefulTimeoutMillis()));
        p.setProperty("frame_timeout_ms", Long.toString(settings.frameTimeoutMillis()));
        frameworkProperties.forEach((k, v) -> p.setProperty(FRAMEWORK_PREFIX + k, v));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "fdtserver worker spec for generation " + generation + " (written by the launcher)");
        }
    }

    /**
     * Reads a spec written by {@link #write}.
     *
     * @param file the spec file
     * @return the spec
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the key that is missing or malformed
     */
    public static WorkerSpec read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<ListenerSpec> listeners = new ArrayList<>();
        String names = require(p, file, "listeners");
        for (String name : names.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            String prefix = "listener." + name + ".";
            listeners.add(new ListenerSpec(name, require(p, file, prefix + "host"),
                    (int) number(p, file, prefix + "port"), (int) number(p, file, prefix + "fd"),
                    Boolean.parseBoolean(p.getProperty(prefix + "reuseport", "false")),
                    (int) number(p, file, prefix + "threads"), (int) number(p, file, prefix + "max_connections")));
        }
        ServerSettings settings = new ServerSettings(
                (int) number(p, file, "threads"),
                (int) number(p, file, "io_threads"),
                (int) number(p, file, "max_frame_length"),
                number(p, file, "idle_timeout_ms"),
                (int) number(p, file, "max_connections"),
                number(p, file, "graceful_timeout_ms"),
                number(p, file, "frame_timeout_ms"));
        return new WorkerSpec(number(p, file, "generation"),
                Path.of(require(p, file, "control_socket")),
                Path.of(require(p, file, "run_dir")),
                Path.of(require(p, file, "system_dir")),
                Path.of(require(p, file, "bundles_dir")),
                Path.of(require(p, file, "cache_dir")),
                listeners, settings, require(p, file, "log_level"), frameworkProperties(p));
    }

    private static Map<String, String> frameworkProperties(Properties p) {
        Map<String, String> props = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(FRAMEWORK_PREFIX)) {
                props.put(key.substring(FRAMEWORK_PREFIX.length()), p.getProperty(key));
            }
        }
        return props;
    }

    private static String require(Properties p, Path file, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": missing key '" + key + "'");
        }
        return v.trim();
    }

    private static long number(Properties p, Path file, String key) {
        String v = require(p, file, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a number, was '" + v + "'", e);
        }
    }
}
