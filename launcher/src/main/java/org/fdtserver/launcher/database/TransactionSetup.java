package org.fdtserver.launcher.database;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fdtserver.launcher.config.DatabaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code fdtserver run} does for transactions before the first generation: start the
 * embedded PostgreSQL when no database is configured, check the database, and compute the
 * framework properties every worker gets ({@code fdt.database.*}, {@code fdt.transaction.*}).
 */
public final class TransactionSetup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionSetup.class);

    private final Map<String, String> workerProperties;
    private final Optional<EmbeddedDatabase> embedded;

    private TransactionSetup(Map<String, String> workerProperties, Optional<EmbeddedDatabase> embedded) {
        this.workerProperties = Map.copyOf(workerProperties);
        this.embedded = embedded;
    }

    /**
     * @param config the database block
     * @param dataDir the installation's data directory
     * @return the setup, with the embedded database running if there is one
     * @throws SetupException with a message for the operator
     */
    public static TransactionSetup start(DatabaseConfig config, Path dataDir) throws SetupException {
        if (config.off()) {
            LOG.info("database.url=none: connection-bound transactions are off");
            return new TransactionSetup(Map.of(), Optional.empty());
        }
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        String url = config.url();
        String user = config.user();
        String password = config.password();
        if (config.embedded()) {
            try {
                EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, config.embeddedPort());
                embedded = Optional.of(db);
                url = db.url();
                user = db.user();
                password = db.password();
            } catch (IOException | RuntimeException e) {
                throw new SetupException("cannot start the embedded PostgreSQL (database.url is empty): " + e.getMessage());
            }
        }
        String problem = DatabaseCheck.problem(url, user, password);
        if (problem != null) {
            embedded.ifPresent(EmbeddedDatabase::close);
            throw new SetupException(problem);
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("fdt.database.url", url);
        props.put("fdt.database.user", user);
        props.put("fdt.database.password", password);
        props.put("fdt.database.pool_size", Integer.toString(config.poolSize()));
        props.put("fdt.transaction.timeout_ms", Long.toString(config.timeout().toMillis()));
        props.put("fdt.transaction.indoubt_warning_ms", Long.toString(config.inDoubtWarning().toMillis()));
        return new TransactionSetup(props, embedded);
    }

    /** @return the embedded database, if the launcher runs one */
    public Optional<EmbeddedDatabase> embedded() {
        return embedded;
    }

    /** @return framework properties for every worker */
    public Map<String, String> workerProperties() {
        return workerProperties;
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }

    /** Transactions cannot be set up; the message is for the operator. */
    public static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;

        SetupException(String message) {
            super(message);
        }
    }
}
