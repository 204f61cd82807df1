package org.fdtserver.launcher.database;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The embedded PostgreSQL's roles and their passwords, kept in
 * {@code data_dir/postgres-credentials.properties} (mode 0600), outside PostgreSQL's data
 * directory so that {@code initdb} finds that one empty. The passwords are random, made once, on
 * the first start (or on the upgrade of a data directory an earlier fdtserver made without them).
 *
 * @param superuserPassword the password of the superuser {@value #SUPERUSER}
 * @param rolePassword the password of the workers' role {@value #ROLE}
 * @param database the database the workers use: {@value #ROLE} for a new data directory,
 *     {@code postgres} for an upgraded one (whose data and prepared branches stay where they are)
 */
record EmbeddedCredentials(String superuserPassword, String rolePassword, String database) {

    /** The superuser initdb creates. */
    static final String SUPERUSER = "postgres";
    /** The workers' role: no superuser, owns the application's database. */
    static final String ROLE = "fdtserver";
    /** The file's name in data_dir. */
    static final String FILE = "postgres-credentials.properties";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param database the workers' database
     * @return fresh random passwords
     */
    static EmbeddedCredentials generate(String database) {
        return new EmbeddedCredentials(randomPassword(), randomPassword(), database);
    }

    /** 192 random bits in URL-safe Base64: letters, digits, '-' and '_', safe in SQL literals and files. */
    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Never the passwords: a record would print them. */
    @Override
    public String toString() {
        return "roles " + SUPERUSER + " and " + ROLE + ", database " + database;
    }

    /**
     * @param file the credentials file
     * @return what it holds; its mode is set back to 0600
     * @throws IOException if it cannot be read
     */
    static EmbeddedCredentials load(Path file) throws IOException {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new EmbeddedCredentials(p.getProperty("superuser.password", ""), p.getProperty("role.password", ""),
                p.getProperty("database", ROLE));
    }

    /**
     * Writes the file atomically, created with mode 0600 so that no one else can read it at any moment.
     *
     * @param file the credentials file
     * @throws IOException if it cannot be written
     */
    void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("superuser", SUPERUSER);
        p.setProperty("superuser.password", superuserPassword);
        p.setProperty("role", ROLE);
        p.setProperty("role.password", rolePassword);
        p.setProperty("database", database);
        StringWriter text = new StringWriter();
        p.store(text, "The embedded PostgreSQL's roles, written by fdtserver. Keep it private (mode 0600).");
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
