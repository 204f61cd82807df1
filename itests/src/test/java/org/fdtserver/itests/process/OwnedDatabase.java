package org.fdtserver.itests.process;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server that one test owns, so it can stop and start it (same port, same data
 * directory, data kept), unlike the shared {@link TestDatabase}. Role {@value #ROLE} logs in with
 * its password over scram-sha-256; every other role is trusted on 127.0.0.1 (the test's own
 * superuser connections).
 */
public final class OwnedDatabase implements AutoCloseable {

    /** The application's role: owns the database {@value #DATABASE}, not a superuser. */
    public static final String ROLE = "ledger";
    /** The application's database. */
    public static final String DATABASE = "app";

    private final Path dataDir;
    private final String password;
    private final int port = FreePorts.pick();
    private EmbeddedPostgres server;

    /**
     * Starts it, creating the role (with the password) and its database.
     *
     * @param dataDir a fresh directory for its data
     * @param password the role's password
     */
    public OwnedDatabase(Path dataDir, String password) throws Exception {
        this.dataDir = dataDir;
        this.password = password;
        start();
        TestDatabase.execute(superuserUrl(), "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'");
        TestDatabase.execute(superuserUrl(), "CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
    }

    /** Starts the server again on its port and data directory. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("already running");
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(TestDatabase.binariesDir().toFile())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_prepared_transactions", "16")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (fast shutdown: sessions are told and closed); the data stays. */
    public synchronized void stop() throws IOException {
        server.close();
        server = null;
    }

    private static void writeHba(Path dir) {
        try {
            Files.writeString(dir.resolve("pg_hba.conf"), "host all " + ROLE + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all all 127.0.0.1/32 trust\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return its port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the role's password */
    public String password() {
        return password;
    }

    /** @return the application database's URL */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private String superuserUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            stop();
        }
    }
}
