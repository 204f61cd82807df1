package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A config file that holds the database password and that others can read gets a warning at start. */
public class ConfigFilePasswordIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aPasswordInAFileOthersCanReadIsWarnedAbout() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("workers", "1").set("database.password", "s3cret");
        Path file = config.write();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            String warning = server.awaitLine("holds database.password");
            assertThat(warning, containsString("WARNING"));
            assertThat(warning, containsString(file.toString()));
            assertThat(warning, containsString("rw-r-----"));
            server.signal("TERM");
            assertEquals(0, server.awaitExit());
        }
    }
}
