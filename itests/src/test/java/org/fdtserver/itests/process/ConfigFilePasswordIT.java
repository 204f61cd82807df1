package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The database password stays the owner's: a config file that holds it and that others can read
 * gets a warning at start, and no file the server writes while it runs lets others read it.
 */
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

    @Test
    public void noFileTheServerWritesLetsOthersReadThePassword() throws Exception {
        Path home = tmp.newFolder("private").toPath();
        ServerConfig config = new ServerConfig(home).withLedger(TestDatabase.newDatabase("password"))
                .set("workers", "1").set("database.password", "s3cret");
        Files.setPosixFilePermissions(config.write(), PosixFilePermissions.fromString("rw-------"));
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            List<Path> holders = filesHolding(home, "s3cret");
            // The worker's Config Admin keeps the transaction binding's configuration in its bundle cache.
            assertTrue("Config Admin's copy is among " + holders, holders.stream().anyMatch(f -> f.startsWith(home.resolve("data"))));
            for (Path file : holders) {
                assertFalse(file + " holds the password and others can read it", othersCanRead(home, file));
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit());
        }
    }

    private static List<Path> filesHolding(Path root, String text) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, text)).collect(Collectors.toList());
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException gone) {
            return false; // a file that went while we walked (a cache being rewritten)
        }
    }

    /** Whether a user other than the owner could read {@code file}: it and every directory from {@code root} down let them. */
    private static boolean othersCanRead(Path root, Path file) throws Exception {
        if (!Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
            return false;
        }
        for (Path dir = file.getParent(); dir.startsWith(root); dir = dir.getParent()) {
            if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }
}
