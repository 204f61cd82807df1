package org.fdtserver.launcher.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of {@code fdtserver.properties} with its default and what it sets: the one place the
 * defaults live. The launcher validates the file against it and hands the workers the values in
 * their generation's spec; the workers' components have no defaults of their own, and
 * {@code config/fdtserver.properties} is checked against this catalogue by a test. A key named
 * {@code listener.<name>.…} stands for one key per listener.
 */
public enum ConfigKey {
    WORKERS("workers", "0", "worker JVMs per generation; 0 means one per processor core"),
    THREADS("threads", "16", "size of each worker's pool that runs application work"),
    IO_THREADS("io_threads", "1", "Netty event loops per worker for connection I/O"),
    GRACEFUL_TIMEOUT("graceful_timeout", "30s", "how long a draining worker lets its connections finish"),
    READY_TIMEOUT("ready_timeout", "60s", "how long a new generation has to report READY"),
    MAX_FRAME_LENGTH("max_frame_length", "65536", "longest frame a protocol codec accepts, in bytes"),
    IDLE_TIMEOUT("idle_timeout", "60s", "a connection without traffic this long is closed; 0 means never"),
    MAX_CONNECTIONS("max_connections", "10000", "connections one worker holds at most"),
    FRAME_TIMEOUT("frame_timeout", "30s", "a frame must arrive whole this soon after its first bytes; 0 means no limit"),
    LOG_LEVEL("log_level", "INFO", "level of the launcher's and the workers' logs"),
    LISTENERS("listeners", "echo,http,ledger", "names of the listening sockets, at most 32"),
    LISTENER_ADDRESS("listener.<name>.address", "", "host:port a listener binds; required"),
    LISTENER_BACKLOG("listener.<name>.backlog", "1024", "length of a listener's kernel accept queue"),
    LISTENER_REUSEPORT("listener.<name>.reuseport", "false", "each worker binds its own SO_REUSEPORT socket"),
    LISTENER_THREADS("listener.<name>.threads", "", "a listener's share of a worker's threads; empty: the default share"),
    LISTENER_MAX_CONNECTIONS("listener.<name>.max_connections", "",
            "a listener's share of a worker's connections; empty: the default share"),
    DATABASE_URL("database.url", "", "JDBC URL of PostgreSQL; empty: the embedded one; none: no transactions"),
    DATABASE_USER("database.user", "postgres", "database user"),
    DATABASE_PASSWORD("database.password", "", "database password"),
    DATABASE_EMBEDDED_PORT("database.embedded_port", "0", "port of the embedded PostgreSQL; 0 means a free one"),
    DATABASE_POOL_SIZE("database.pool_size", "8", "database connections per worker for application work"),
    TRANSACTION_TIMEOUT("transaction.timeout", "60s", "an ACTIVE branch this old is rolled back"),
    TRANSACTION_INDOUBT_WARNING("transaction.indoubt_warning", "5m", "prepared branches this old are warned about"),
    WORKER_JVM_OPTIONS("worker.jvm_options", "-Xms64m -Xmx512m -XX:+UseSerialGC -Xss512k", "options of every worker JVM"),
    WORKER_JAVA("worker.java", "", "the workers' java executable; empty: the launcher's own"),
    WORKER_CLASS_CACHE("worker.class_cache", "auto", "auto: workers start from a class-data archive; off: none"),
    RUN_DIR("run_dir", "run", "pid file, control socket, shell sockets, generation snapshots"),
    LOG_DIR("log_dir", "log", "log files"),
    DATA_DIR("data_dir", "data", "persistent data, including the workers' bundle caches"),
    BUNDLES_DIR("bundles_dir", "bundles", "application bundles, snapshotted for each generation");

    /** Addresses of the default listeners; used only when the file does not set {@code listeners} at all. */
    public static final Map<String, String> DEFAULT_ADDRESSES = Map.of(
            "echo", "127.0.0.1:7000", "http", "127.0.0.1:8080", "ledger", "127.0.0.1:7100");

    private static final String PREFIX = "listener.";
    private static final String LISTENER = "<name>";

    private final String key;
    private final String defaultValue;
    private final String doc;

    ConfigKey(String key, String defaultValue, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** @return the key as written in the file; {@code listener.<name>.…} for a per-listener key */
    public String key() {
        return key;
    }

    /** @return the value when the file does not set the key; empty where the key has none */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return what the key sets, in a line */
    public String doc() {
        return doc;
    }

    /** @return whether this stands for one key per listener */
    public boolean perListener() {
        return key.contains(LISTENER);
    }

    /**
     * @param listener a listener's name
     * @return this per-listener key for that listener
     */
    public String of(String listener) {
        return key.replace(LISTENER, listener);
    }

    /**
     * @param key a key of the file, e.g. {@code threads} or {@code listener.echo.backlog}
     * @return its catalogue entry, if it has one
     */
    public static Optional<ConfigKey> find(String key) {
        return Arrays.stream(values()).filter(k -> k.matches(key)).findFirst();
    }

    private boolean matches(String fileKey) {
        if (!perListener()) {
            return key.equals(fileKey);
        }
        String rest = fileKey.startsWith(PREFIX) ? fileKey.substring(PREFIX.length()) : "";
        int dot = rest.indexOf('.');
        return dot > 0 && key.equals(PREFIX + LISTENER + rest.substring(dot));
    }

    /**
     * @param fileKey a per-listener key of the file
     * @return the listener it names
     */
    static String listenerOf(String fileKey) {
        String rest = fileKey.substring(PREFIX.length());
        return rest.substring(0, rest.indexOf('.'));
    }
}
