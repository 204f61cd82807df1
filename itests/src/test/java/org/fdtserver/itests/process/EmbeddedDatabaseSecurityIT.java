package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The embedded PostgreSQL as an attacker on the same machine finds it: a password for every
 * role over TCP on 127.0.0.1 only, no Unix socket, workers on a role that is no superuser,
 * binaries and data nobody else can write, and writes forced to disk.
 */
public class EmbeddedDatabaseSecurityIT {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final int PORT = FreePorts.pick();
    private static ServerConfig config;
    private static EmbeddedPostgresFiles files;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        // The second local user must be able to reach the files it is refused: no 0700 test folder above them.
        Files.setPosixFilePermissions(tmp.getRoot().toPath(), PosixFilePermissions.fromString("rwxr-xr-x"));
        config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger("").set("workers", "1")
                .set("database.embedded_port", Integer.toString(PORT));
        files = new EmbeddedPostgresFiles(config);
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(1);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void itForcesWritesToDiskAndListensOnTheConfiguredLoopbackPortOnly() throws Exception {
        assertThat(server.awaitLine("embedded PostgreSQL started"), containsString("127.0.0.1:" + PORT));
        try (Connection c = files.connectAsApplication(PORT)) {
            assertEquals("on", EmbeddedPostgresFiles.query(c, "SHOW fsync"));
            assertEquals("on", EmbeddedPostgresFiles.query(c, "SHOW synchronous_commit"));
            assertEquals("on", EmbeddedPostgresFiles.query(c, "SHOW full_page_writes"));
            assertEquals(Integer.toString(PORT), EmbeddedPostgresFiles.query(c, "SHOW port"));
            assertEquals("127.0.0.1", EmbeddedPostgresFiles.query(c, "SHOW listen_addresses"));
            assertEquals("scram-sha-256", EmbeddedPostgresFiles.query(c, "SHOW password_encryption"));
            assertEquals("64", EmbeddedPostgresFiles.query(c, "SHOW max_prepared_transactions"));
        }
        try (Connection c = files.connectAsSuperuser(PORT)) {
            assertEquals("no Unix socket at all", "", EmbeddedPostgresFiles.query(c, "SHOW unix_socket_directories"));
        }
        assertFalse(Files.exists(Path.of("/tmp/.s.PGSQL." + PORT)));
    }

    @Test
    public void workersUseARoleThatCanPrepareButIsNoSuperuserAndCannotReachTheServersFiles() throws Exception {
        try (LedgerClient ledger = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK BEGIN grole", ledger.ask("BEGIN grole"));
            assertEquals("OK 10", ledger.ask("CREDIT role 10"));
            assertEquals("OK PREPARED", ledger.ask("PREPARE"));
        }
        String role = files.credentials().getProperty("role");
        assertEquals("fdtserver", role);
        try (Connection c = files.connectAsApplication(PORT)) {
            assertEquals("the branch was prepared by the workers' role", role,
                    EmbeddedPostgresFiles.query(c, "SELECT owner FROM pg_prepared_xacts WHERE gid LIKE '%'"));
            assertEquals("f", EmbeddedPostgresFiles.query(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
            assertEquals(role, EmbeddedPostgresFiles.query(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
            for (String powerful : List.of("pg_execute_server_program", "pg_read_server_files", "pg_write_server_files")) {
                assertEquals(powerful, "f", EmbeddedPostgresFiles.query(c, "SELECT pg_has_role(current_user, '" + powerful + "', 'MEMBER')"));
            }
            assertDenied(c, "COPY (SELECT 1) TO PROGRAM 'id'");
            assertDenied(c, "COPY (SELECT 1) TO '/tmp/fdt-role-wrote-this'");
            assertDenied(c, "SELECT pg_read_file('/etc/hostname')");
            assertDenied(c, "CREATE FUNCTION mypid() RETURNS int LANGUAGE c AS 'libc.so.6', 'getpid'");
        }
        try (LedgerClient ledger = new LedgerClient(config.ledgerPort())) {
            assertEquals("OK COMMITTED 1", ledger.ask("COMMIT-PREPARED grole"));
            assertEquals("OK 10", ledger.ask("BALANCE role"));
        }
    }

    @Test
    public void passwordsBinariesAndDataAreTheLaunchersUsersAlone() throws Exception {
        for (String line : Files.readAllLines(files.dataDirectory().resolve("pg_hba.conf"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(line, containsString("scram-sha-256"));
            }
        }
        assertEquals("rw-------", mode(files.credentialsFile()));
        assertEquals("rwx------", mode(files.dataDirectory()));
        assertEquals("rwxr-xr-x", mode(files.binaries()));
        try (Stream<Path> all = Files.walk(files.binaries())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    assertFalse(p + " is group-writable", perms.contains(PosixFilePermission.GROUP_WRITE));
                    assertFalse(p + " is world-writable", perms.contains(PosixFilePermission.OTHERS_WRITE));
                }
            }
        }
        Properties passwords = files.credentials();
        assertNotEquals(passwords.getProperty("superuser.password"), passwords.getProperty("role.password"));
        assertTrue("a long random password", passwords.getProperty("role.password").length() >= 24);
    }

    @Test
    public void aSecondLocalUserCannotGetIn() throws Exception {
        Assume.assumeTrue("creating a second local user needs root (useradd); this test runs as uid " + uid(), uid() == 0);
        String user = "fdtprobe" + ThreadLocalRandom.current().nextInt(10_000, 100_000);
        run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", user), null);
        try {
            assertThat(probe(user, "postgres", "", "postgres", "SELECT 1"), startsWith("REFUSED"));
            assertThat(probe(user, "postgres", "guess", "postgres", "SELECT 1"), startsWith("REFUSED 28P01"));
            assertThat(probe(user, "fdtserver", "", "fdtserver", "SELECT 1"), startsWith("REFUSED"));
            // Even with the workers' password the role cannot run programs on the server.
            String rolePassword = files.credentials().getProperty("role.password");
            assertThat(probe(user, "fdtserver", rolePassword, "fdtserver", "COPY (SELECT 1) TO PROGRAM 'id'"),
                    startsWith("DENIED 42501"));
            assertThat(probe(user, "fdtserver", rolePassword, "fdtserver", "SELECT 1"), startsWith("DONE"));

            assertNotEquals("it cannot write the binaries directory", 0,
                    run(List.of("runuser", "-u", user, "--", "touch", files.binaries().resolve("swapped").toString()), null).exitCode());
            assertNotEquals("it cannot read the passwords", 0,
                    run(List.of("runuser", "-u", user, "--", "cat", files.credentialsFile().toString()), null).exitCode());
            assertEquals("it can reach the directory it was refused in", 0,
                    run(List.of("runuser", "-u", user, "--", "ls", files.binaries().toString()), null).exitCode());
        } finally {
            run(List.of("userdel", user), null);
        }
    }

    private static String probe(String user, String role, String password, String database, String sql) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Cli.Result r = run(List.of("runuser", "-u", user, "--", java, "-XX:-UsePerfData", "-cp", probeClassPath(),
                DatabaseProbe.class.getName(), Integer.toString(PORT), role, database, sql), password);
        assertEquals(r.output(), 0, r.exitCode());
        return r.output().trim();
    }

    /**
     * The probe's class and the JDBC driver, copied where the second user can read them: the
     * checkout and the installation may lie below a directory only the test's user may enter.
     */
    private static String probeClassPath() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("probe");
        if (!Files.isDirectory(dir)) {
            String name = DatabaseProbe.class.getName().replace('.', '/') + ".class";
            Path classes = Path.of(DatabaseProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path copy = dir.resolve(name);
            Files.createDirectories(copy.getParent());
            Files.copy(classes.resolve(name), copy);
            try (Stream<Path> jars = Files.list(Installation.home().resolve("system"))) {
                Path driver = jars.filter(p -> p.getFileName().toString().startsWith("postgresql-")).findFirst().orElseThrow();
                Files.copy(driver, dir.resolve("driver.jar"));
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        return dir + ":" + dir.resolve("driver.jar");
    }

    private static Cli.Result run(List<String> command, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            pb.environment().put("PROBE_PASSWORD", password);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " still runs");
        }
        return new Cli.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static void assertDenied(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            fail("the workers' role may run " + sql);
        } catch (SQLException e) {
            assertEquals(sql + ": " + e.getMessage(), "42501", e.getSQLState());
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
