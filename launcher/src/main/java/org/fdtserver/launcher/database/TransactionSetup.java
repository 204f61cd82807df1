package org.fdtserver.launcher.database;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.fdtserver.launcher.config.DatabaseConfig;
import org.fdtserver.runtime.protocol.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code fdtserver run} does for transactions before the first generation: start the
 * embedded PostgreSQL when no database is configured, check the database, and make the database
 * settings every worker's spec carries.
 */
public final class TransactionSetup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionSetup.class);

    private final Optional<DatabaseSettings> database;
    private final Optional<EmbeddedDatabase> embedded;

    private TransactionSetup(Optional<DatabaseSettings> database, Optional<EmbeddedDatabase> embedded) {
        this.database = database;
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
            return new TransactionSetup(Optional.empty(), Optional.empty());
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
        return new TransactionSetup(Optional.of(new DatabaseSettings(url, user, password, config.poolSize(),
                config.timeout().toMillis(), config.inDoubtWarning().toMillis())), embedded);
    }

    /** @return the embedded database, if the launcher runs one */
    public Optional<EmbeddedDatabase> embedded() {
        return embedded;
    }

    /** @return the database every worker uses; empty when transactions are off */
    public Optional<DatabaseSettings> database() {
        return database;
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
