package org.fdtserver.itests.process;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What an operator on the server's machine finds of the launcher's embedded PostgreSQL under
 * {@code data_dir}: its data directory with {@code postmaster.pid}, and the credentials file
 * (readable by the launcher's user only; the tests run as that user).
 */
public final class EmbeddedPostgresFiles {

    private final Path dataDir;

    /** @param config the server's config (its {@code data_dir} is {@code <dir>/data}) */
    public EmbeddedPostgresFiles(ServerConfig config) {
        this.dataDir = config.dir().resolve("data");
    }

    /** @return {@code data_dir/postgres}, PostgreSQL's data directory */
    public Path dataDirectory() {
        return dataDir.resolve("postgres");
    }

    /** @return {@code data_dir/postgres-binaries}, where the binaries are unpacked */
    public Path binaries() {
        return dataDir.resolve("postgres-binaries");
    }

    /** @return {@code data_dir/postgres-credentials.properties} */
    public Path credentialsFile() {
        return dataDir.resolve("postgres-credentials.properties");
    }

    /** @return the roles, passwords and database the launcher wrote */
    public Properties credentials() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(credentialsFile(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** @return the postmaster's pid, from the first line of {@code postmaster.pid} */
    public long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory().resolve("postmaster.pid")).get(0).trim());
    }

    /**
     * @param port the embedded server's port
     * @return a connection as the workers' role to the application's database
     */
    public Connection connectAsApplication(int port) throws SQLException, IOException {
        Properties c = credentials();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + c.getProperty("database"),
                c.getProperty("role"), c.getProperty("role.password"));
    }

    /**
     * @param port the embedded server's port
     * @return a connection as the superuser to the {@code postgres} database
     */
    public Connection connectAsSuperuser(int port) throws SQLException, IOException {
        Properties c = credentials();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                c.getProperty("superuser"), c.getProperty("superuser.password"));
    }

    /**
     * @param c a connection
     * @param sql a query with one row and column
     * @return its value as text
     */
    public static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
