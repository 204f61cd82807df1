package org.fdtserver.launcher.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

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
        return parse(file, ConfigParser.read(file));
    }

    /**
     * @param file the file, for messages
     * @param p its properties
     * @return the database block
     * @throws ConfigException naming the file, the key and the reason
     */
    public static DatabaseConfig parse(Path file, Properties p) throws ConfigException {
        KeyReader keys = new KeyReader(file, p, Path.of(""));
        String url = keys.value("database.url");
        if (!url.isEmpty() && !url.equals(NONE) && !url.startsWith("jdbc:postgresql:")) {
            throw ConfigException.of(file, "database.url", "expected empty (embedded PostgreSQL), 'none', or a"
                    + " jdbc:postgresql://host:port/database URL, got '" + url + "'");
        }
        return new DatabaseConfig(url, keys.value("database.user"), keys.value("database.password"),
                keys.wholeNumber("database.pool_size", 1), keys.duration("transaction.timeout", true),
                keys.duration("transaction.indoubt_warning", true), keys.port("database.embedded_port"));
    }
}
