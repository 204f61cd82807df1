package org.fdtserver.runtime.protocol;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** The properties form of a {@link WorkerSpec}: one key per value, errors naming the file and the key. */
final class SpecFile {

    private final Path file;
    private final Properties p;

    private SpecFile(Path file, Properties p) {
        this.file = file;
        this.p = p;
    }

    static void write(WorkerSpec spec, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("generation", Long.toString(spec.generation()));
        p.setProperty("control_socket", spec.controlSocket().toString());
        p.setProperty("run_dir", spec.runDir().toString());
        p.setProperty("system_dir", spec.systemDir().toString());
        p.setProperty("bundles_dir", spec.bundlesDir().toString());
        p.setProperty("cache_dir", spec.cacheDir().toString());
        p.setProperty("log_level", spec.logLevel());
        List<String> names = new ArrayList<>();
        for (ListenerBinding l : spec.listeners()) {
            names.add(l.name());
            String prefix = "listener." + l.name() + ".";
            p.setProperty(prefix + "host", l.host());
            p.setProperty(prefix + "port", Integer.toString(l.port()));
            p.setProperty(prefix + "fd", Integer.toString(l.fd()));
            p.setProperty(prefix + "reuseport", Boolean.toString(l.reusePort()));
            p.setProperty(prefix + "threads", Integer.toString(l.threads()));
            p.setProperty(prefix + "max_connections", Integer.toString(l.maxConnections()));
        }
        p.setProperty("listeners", String.join(",", names));
        EngineSettings e = spec.engine();
        p.setProperty("threads", Integer.toString(e.threads()));
        p.setProperty("io_threads", Integer.toString(e.ioThreads()));
        p.setProperty("max_frame_length", Integer.toString(e.maxFrameLength()));
        p.setProperty("idle_timeout_ms", Long.toString(e.idleTimeoutMillis()));
        p.setProperty("max_connections", Integer.toString(e.maxConnections()));
        p.setProperty("graceful_timeout_ms", Long.toString(e.gracefulTimeoutMillis()));
        p.setProperty("frame_timeout_ms", Long.toString(e.frameTimeoutMillis()));
        spec.database().ifPresent(d -> {
            p.setProperty("database.url", d.url());
            p.setProperty("database.user", d.user());
            p.setProperty("database.password", d.password());
            p.setProperty("database.pool_size", Integer.toString(d.poolSize()));
            p.setProperty("transaction.timeout_ms", Long.toString(d.timeoutMillis()));
            p.setProperty("transaction.indoubt_warning_ms", Long.toString(d.inDoubtWarningMillis()));
        });
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "fdtserver worker spec for generation " + spec.generation() + " (written by the launcher)");
        }
    }

    static WorkerSpec read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new SpecFile(file, p).spec();
    }

    private WorkerSpec spec() {
        return new WorkerSpec(number("generation"), path("control_socket"), path("run_dir"), path("system_dir"),
                path("bundles_dir"), path("cache_dir"), listeners(), engine(), database(), require("log_level"));
    }

    private List<ListenerBinding> listeners() {
        List<ListenerBinding> listeners = new ArrayList<>();
        for (String name : require("listeners").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            String prefix = "listener." + name + ".";
            listeners.add(new ListenerBinding(name, require(prefix + "host"), (int) number(prefix + "port"),
                    (int) number(prefix + "fd"), Boolean.parseBoolean(p.getProperty(prefix + "reuseport", "false")),
                    (int) number(prefix + "threads"), (int) number(prefix + "max_connections")));
        }
        return listeners;
    }

    private EngineSettings engine() {
        return new EngineSettings((int) number("threads"), (int) number("io_threads"),
                (int) number("max_frame_length"), number("idle_timeout_ms"), (int) number("max_connections"),
                number("graceful_timeout_ms"), number("frame_timeout_ms"));
    }

    private Optional<DatabaseSettings> database() {
        if (p.getProperty("database.url") == null) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseSettings(require("database.url"), require("database.user"),
                require("database.password"), (int) number("database.pool_size"), number("transaction.timeout_ms"),
                number("transaction.indoubt_warning_ms")));
    }

    private Path path(String key) {
        return Path.of(require(key));
    }

    private String require(String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": missing key '" + key + "'");
        }
        return v.trim();
    }

    private long number(String key) {
        String v = require(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a number, was '" + v + "'", e);
        }
    }
}
