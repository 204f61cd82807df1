package org.fdtserver.launcher.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates {@code fdtserver.properties}, filling in the documented defaults. */
public final class ConfigParser {

    /** Most listeners one launcher binds; workers inherit them on fds 3..34. */
    public static final int MAX_LISTENERS = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern ADDRESS = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]]+)):(\\d{1,5})");
    private static final Map<String, String> SLF4J_LEVELS = Map.of(
            "ERROR", "SEVERE", "WARN", "WARNING", "DEBUG", "FINE", "TRACE", "FINEST");

    private final Path file;
    private final KeyReader keys;

    private ConfigParser(Path file, Properties props, Path home) {
        this.file = file;
        this.keys = new KeyReader(file, props, home);
    }

    /**
     * Reads and validates a configuration file, and checks that its bundles directory can be read.
     *
     * @param file the file
     * @param home the installation home that relative paths resolve against
     * @return the configuration
     * @throws ConfigException naming the file, the key and the reason
     */
    public static LauncherConfig load(Path file, Path home) throws ConfigException {
        LauncherConfig config = parse(file, read(file), home);
        // Checked here, not in parse: a real file names real directories.
        readableDirectory(file, "bundles_dir", config.bundlesDir());
        return config;
    }

    static Properties read(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return p;
    }

    private static void readableDirectory(Path file, String key, Path dir) throws ConfigException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            // Opening it is the test: the generation snapshot lists it the same way.
        } catch (NoSuchFileException e) {
            throw ConfigException.of(file, key, "directory " + dir + " does not exist");
        } catch (NotDirectoryException e) {
            throw ConfigException.of(file, key, dir + " is not a directory");
        } catch (IOException e) {
            throw ConfigException.of(file, key, "directory " + dir + " cannot be read: " + e);
        }
    }

    /**
     * Reads what the command line needs to reach the launcher a file belongs to, from a file that
     * may be invalid otherwise: each of these values is its default where it is itself invalid.
     *
     * @param file the configuration file
     * @param home the installation home
     * @return the run directory and the timeouts the file names
     * @throws ConfigException if the file cannot be read at all
     */
    public static RunDirectory runDirectoryOf(Path file, Path home) throws ConfigException {
        ConfigParser parser = new ConfigParser(file, read(file), home);
        KeyReader keys = parser.keys;
        return new RunDirectory(parser.orDefault("run_dir", () -> keys.directory("run_dir")),
                parser.orDefault("graceful_timeout", () -> keys.duration("graceful_timeout", false)),
                parser.orDefault("ready_timeout", () -> keys.duration("ready_timeout", true)));
    }

    /** A value that reads a key and may find it invalid. */
    private interface Reading<T> {
        T read() throws ConfigException;
    }

    private <T> T orDefault(String key, Reading<T> reading) throws ConfigException {
        try {
            return reading.read();
        } catch (ConfigException e) {
            keys.forget(key); // without the key, the reading gives the default
            return reading.read();
        }
    }

    /**
     * Validates properties already read.
     *
     * @param file the file they came from, for messages
     * @param props the properties
     * @param home the installation home that relative paths resolve against
     * @return the configuration
     * @throws ConfigException naming the file, the key and the reason
     */
    public static LauncherConfig parse(Path file, Properties props, Path home) throws ConfigException {
        return new ConfigParser(file, props, home).parse();
    }

    private LauncherConfig parse() throws ConfigException {
        List<String> names = listenerNames();
        rejectUnknownKeys(names);
        return new LauncherConfig(file, keys.wholeNumber("workers", 0), keys.wholeNumber("threads", 1),
                keys.wholeNumber("io_threads", 1), keys.duration("graceful_timeout", false),
                keys.duration("ready_timeout", true), keys.wholeNumber("max_frame_length", 1),
                keys.duration("idle_timeout", false), keys.wholeNumber("max_connections", 1),
                keys.duration("frame_timeout", false), logLevel(), listeners(names), jvmOptions(), javaExecutable(),
                keys.directory("run_dir"), keys.directory("log_dir"), keys.directory("data_dir"),
                keys.directory("bundles_dir"), keys.onOff("worker.class_cache", "auto"));
    }

    private List<String> listenerNames() throws ConfigException {
        String raw = keys.value("listeners");
        List<String> names = new ArrayList<>();
        for (String part : raw.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw ConfigException.of(file, "listeners", "a listener name may hold only letters, digits, '_' and '-', got '" + name + "'");
            }
            if (names.contains(name)) {
                throw ConfigException.of(file, "listeners", "listener '" + name + "' is named twice");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw ConfigException.of(file, "listeners", "expected at least one listener name, got '" + raw + "'");
        }
        if (names.size() > MAX_LISTENERS) {
            throw ConfigException.of(file, "listeners", "at most " + MAX_LISTENERS + " listeners, got " + names.size());
        }
        return names;
    }

    private void rejectUnknownKeys(List<String> names) throws ConfigException {
        for (String key : keys.setKeys()) {
            ConfigKey known = ConfigKey.find(key)
                    .orElseThrow(() -> ConfigException.of(file, key, "unknown key"));
            if (known.perListener() && !names.contains(ConfigKey.listenerOf(key))) {
                throw ConfigException.of(file, key, "listener '" + ConfigKey.listenerOf(key) + "' is not named in 'listeners'");
            }
        }
    }

    private String logLevel() throws ConfigException {
        String v = keys.value("log_level");
        String upper = SLF4J_LEVELS.getOrDefault(v.toUpperCase(Locale.ROOT), v.toUpperCase(Locale.ROOT));
        Set<String> known = new LinkedHashSet<>(Arrays.asList(
                "SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST", "ALL", "OFF"));
        if (!known.contains(upper)) {
            throw ConfigException.of(file, "log_level", "expected one of " + known
                    + " or ERROR, WARN, DEBUG, TRACE, got '" + v + "'");
        }
        return Level.parse(upper).getName();
    }

    private List<ListenerConfig> listeners(List<String> names) throws ConfigException {
        List<ListenerConfig> listeners = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String name : names) {
            String key = ConfigKey.LISTENER_ADDRESS.of(name);
            String address = keys.value(key);
            if (address.isEmpty() && !keys.isSet("listeners")) {
                address = ConfigKey.DEFAULT_ADDRESSES.get(name);
            }
            if (address == null || address.isEmpty()) {
                throw ConfigException.of(file, key, "missing: every listener needs host:port");
            }
            ListenerConfig l = listener(name, key, address);
            String other = seen.putIfAbsent(l.address(), name);
            // Port 0 binds a fresh free port each time, so two such listeners never clash.
            if (other != null && l.port() != 0) {
                throw ConfigException.of(file, key, "address " + l.address() + " is already used by listener '" + other + "'");
            }
            listeners.add(l);
        }
        return listeners;
    }

    private ListenerConfig listener(String name, String key, String address) throws ConfigException {
        Matcher m = ADDRESS.matcher(address);
        int port = m.matches() ? Integer.parseInt(m.group(3)) : -1;
        if (port < 0 || port > 65535) {
            throw ConfigException.of(file, key, "expected host:port (IPv6 as [::1]:port, port 0..65535), got '" + address + "'");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2).trim();
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw ConfigException.of(file, key, "unknown host '" + host + "' (" + e.getMessage() + ")");
        }
        int backlog = keys.wholeNumber(ConfigKey.LISTENER_BACKLOG.of(name), 1);
        String reuseKey = ConfigKey.LISTENER_REUSEPORT.of(name);
        boolean reuse = keys.trueFalse(reuseKey);
        if (reuse && port == 0) {
            throw ConfigException.of(file, reuseKey, "needs a fixed port in '" + key + "': every worker binds the same one");
        }
        return new ListenerConfig(name, host, port, backlog, reuse,
                share(ConfigKey.LISTENER_THREADS.of(name), "threads"),
                share(ConfigKey.LISTENER_MAX_CONNECTIONS.of(name), "max_connections"));
    }

    /** A listener's share of a worker total: 1 up to the total, or 0 (the default share) when not set. */
    private int share(String key, String totalKey) throws ConfigException {
        if (!keys.isSet(key)) {
            return 0;
        }
        int total = keys.wholeNumber(totalKey, 1);
        int share = keys.wholeNumber(key, 1);
        if (share > total) {
            throw ConfigException.of(file, key, "expected at most " + totalKey + " (" + total + "), got " + share);
        }
        return share;
    }

    private List<String> jvmOptions() {
        String v = keys.value("worker.jvm_options");
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    private Path javaExecutable() {
        String v = keys.value("worker.java");
        return v.isEmpty() ? Path.of(System.getProperty("java.home"), "bin", "java") : keys.resolve(v);
    }
}
