package org.fdtserver.launcher.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's data directory, {@code data_dir/postgres}, made ready before its
 * server starts: created by {@code initdb} with a superuser password on the first start; upgraded
 * in place when an earlier fdtserver made it without passwords (a superuser password is set in
 * single-user mode, so the server never runs without one); and, on every start, its
 * {@code pg_hba.conf} written anew: a SCRAM password for every connection.
 */
final class EmbeddedCluster {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);

    /** Every line needs a password; TCP only from 127.0.0.1 (the server has no Unix socket; the local line is for completeness). */
    static final String HBA = String.join("\n",
            "# Written by fdtserver at every start of its embedded PostgreSQL: edits here are overwritten.",
            "# Every connection needs its role's password (SCRAM); the passwords are in ../" + EmbeddedCredentials.FILE + ".",
            "local   all   all                  scram-sha-256",
            "host    all   all   127.0.0.1/32   scram-sha-256",
            "");

    private EmbeddedCluster() {
    }

    /**
     * @param binaries the binaries
     * @param dataDir the installation's data directory
     * @return the roles' passwords and the workers' database
     * @throws IOException if the data directory cannot be made ready
     */
    static EmbeddedCredentials prepare(PostgresBinaries binaries, Path dataDir) throws IOException {
        Path data = dataDir.resolve("postgres");
        Path file = dataDir.resolve(EmbeddedCredentials.FILE);
        EmbeddedCredentials credentials;
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            credentials = EmbeddedCredentials.generate(EmbeddedCredentials.ROLE);
            initdb(binaries, dataDir, credentials, file);
        } else if (!Files.exists(file)) {
            LOG.warn("upgrading the embedded PostgreSQL in {}, made by an earlier fdtserver without passwords: every"
                    + " role gets a password, the application's data and prepared branches stay in database postgres,"
                    + " which the workers' role {} will own", data, EmbeddedCredentials.ROLE);
            credentials = EmbeddedCredentials.generate("postgres");
            setSuperuserPassword(binaries, data, credentials);
            credentials.save(file);
        } else {
            credentials = EmbeddedCredentials.load(file);
        }
        Files.writeString(data.resolve("pg_hba.conf"), HBA);
        return credentials;
    }

    /**
     * initdb into a directory of its own, moved into place only when complete, after the
     * passwords are saved: a start cut short leaves either nothing or a complete cluster.
     */
    private static void initdb(PostgresBinaries binaries, Path dataDir, EmbeddedCredentials credentials, Path file) throws IOException {
        Path fresh = dataDir.resolve("postgres.initdb");
        Path pwfile = dataDir.resolve("postgres.pwfile");
        deleteIfPresent(fresh);
        deleteIfPresent(pwfile);
        Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pwfile, credentials.superuserPassword() + "\n");
            LOG.info("creating the embedded PostgreSQL's data directory {}", dataDir.resolve("postgres"));
            Programs.run(binaries.command("initdb", List.of("-D", fresh.toString(), "-U", EmbeddedCredentials.SUPERUSER,
                    "-A", "scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C", "--no-instructions")), "");
        } finally {
            Files.delete(pwfile);
        }
        credentials.save(file);
        Files.move(fresh, dataDir.resolve("postgres"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Single-user mode needs no login: the password is set before the server ever listens. */
    private static void setSuperuserPassword(PostgresBinaries binaries, Path data, EmbeddedCredentials credentials) throws IOException {
        String verifier = PasswordUtil.encodeScramSha256(credentials.superuserPassword().toCharArray());
        // It recovers the prepared branches too, so it needs room for them; exit_on_error makes an
        // error its exit code (single-user mode otherwise reports it and exits 0).
        Programs.run(binaries.command("postgres", List.of("--single", "-D", data.toString(),
                "-c", "max_prepared_transactions=" + Postmaster.MAX_PREPARED, "-c", "exit_on_error=on", "postgres")),
                "ALTER ROLE " + EmbeddedCredentials.SUPERUSER + " PASSWORD '" + verifier + "'\n");
    }

    /**
     * @param path a file or directory tree that a start cut short may have left
     * @throws IOException if it is there and cannot be removed
     */
    static void deleteIfPresent(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            PostgresBinaries.deleteTree(path);
        }
    }
}
