package org.fdtserver.launcher.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code database.*} and {@code transaction.*} block of {@code fdtserver.properties}: where
 * connection-bound transactions keep their data.
 *
 * @param url JDBC URL of the PostgreSQL database; empty means an embedded PostgreSQL the launcher
 *     starts, {@value #NONE} means no database (transactions off)
 * @param user the database user
 * @param password the database password
 * @param poolSize database connections per worker
 * @param timeout how long a branch may stay ACTIVE
 * @param inDoubtWarning age from which prepared branches are logged as warnings
 * @param embeddedPort the embedded PostgreSQL's port on 127.0.0.1; 0 means a free one, picked at start
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, Duration timeout,
        Duration inDoubtWarning, int embeddedPort) {

    /** The {@code database.url} that turns transactions off. */
    public static final String NONE = "none";

    /** Every key of the block, with its default. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "database.url", "",
            "database.user", "postgres",
            "database.password", "",
            "database.pool_size", "8",
            "transaction.timeout", "60s",
            "transaction.indoubt_warning", "5m",
            "database.embedded_port", "0");

    /** @return the keys of this block */
    public static Set<String> keys() {
        return DEFAULTS.keySet();
    }

    /** @return whether the launcher must start its embedded PostgreSQL */
    public boolean embedded() {
        return url.isEmpty();
    }

    /** @return whether transactions are off */
    public boolean off() {
        return url.equals(NONE);
    }

    /**
     * @param file the configuration file
     * @return its database block
     * @throws ConfigException naming the file, the key and the reason
     */
    public static DatabaseConfig load(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, p);
    }

    /**
     * @param file the file, for messages
     * @param p its properties
     * @return the database block
     * @throws ConfigException naming the file, the key and the reason
     */
    public static DatabaseConfig parse(Path file, Properties p) throws ConfigException {
        String url = value(p, "database.url");
        if (!url.isEmpty() && !url.equals(NONE) && !url.startsWith("jdbc:postgresql:")) {
            throw ConfigException.of(file, "database.url", "expected empty (embedded PostgreSQL), 'none', or a"
                    + " jdbc:postgresql://host:port/database URL, got '" + url + "'");
        }
        String pool = value(p, "database.pool_size");
        int poolSize;
        try {
            poolSize = Integer.parseInt(pool);
        } catch (NumberFormatException e) {
            poolSize = 0;
        }
        if (poolSize < 1) {
            throw ConfigException.of(file, "database.pool_size", "expected a whole number >= 1, got '" + pool + "'");
        }
        return new DatabaseConfig(url, value(p, "database.user"), value(p, "database.password"), poolSize,
                duration(file, p, "transaction.timeout"), duration(file, p, "transaction.indoubt_warning"),
                port(file, p, "database.embedded_port"));
    }

    private static int port(Path file, Properties p, String key) throws ConfigException {
        String v = value(p, key);
        try {
            int port = Integer.parseInt(v);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the expectation
        }
        throw ConfigException.of(file, key, "expected a port 1..65535, or 0 for a free one, got '" + v + "'");
    }

    private static Duration duration(Path file, Properties p, String key) throws ConfigException {
        String v = value(p, key);
        Duration d = Durations.parse(v);
        if (d == null || d.isZero()) {
            throw ConfigException.of(file, key, "expected a positive duration such as 500ms, 30s, 2m or a number of seconds, got '" + v + "'");
        }
        return d;
    }

    private static String value(Properties p, String key) {
        return p.getProperty(key, DEFAULTS.get(key)).trim();
    }
}
