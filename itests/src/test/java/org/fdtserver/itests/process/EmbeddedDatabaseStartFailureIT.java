package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An embedded PostgreSQL that cannot start stops {@code fdtserver run} with exit code 1 and
 * PostgreSQL's own reason, and leaves no server behind.
 */
public class EmbeddedDatabaseStartFailureIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aTakenPortOrAWrongPasswordStopsTheStartWithTheReason() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger("");
        EmbeddedPostgresFiles files = new EmbeddedPostgresFiles(config);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            config.set("database.embedded_port", Integer.toString(taken.getLocalPort())).write();
            Cli.Result r = Cli.run(config, "run");
            assertEquals(r.output(), 1, r.exitCode());
            assertThat(r.output(), containsString("not starting: cannot start the embedded PostgreSQL (database.url is empty): on 127.0.0.1:"
                    + taken.getLocalPort() + ": PostgreSQL exited while starting (exit code 1)"));
            assertThat(r.output(), containsString("could not bind IPv4 address \"127.0.0.1\""));
        }

        // The data directory was made before the port was found taken: now its password is wrong.
        Properties credentials = files.credentials();
        credentials.setProperty("superuser.password", "not-the-password");
        try (var out = Files.newBufferedWriter(files.credentialsFile())) {
            credentials.store(out, null);
        }
        Cli.Result r = Cli.run(config, "run");
        assertEquals(r.output(), 1, r.exitCode());
        assertThat(r.output(), containsString("password authentication failed for user \"postgres\" (SQL state 28P01)"));
        assertFalse("the server it started was stopped", Files.exists(files.dataDirectory().resolve("postmaster.pid")));
    }
}
