package org.fdtserver.launcher.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigFileModeTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void onlyAPasswordOthersCanReadIsWarnedAbout() throws Exception {
        Path file = tmp.newFile("fdtserver.properties").toPath();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(Optional.of(file + " holds database.password and others can read it (mode rw-r-----): chmod 600 it"),
                ConfigFileMode.warning(file, "secret"));
        assertEquals("no password, nothing to hide", Optional.empty(), ConfigFileMode.warning(file, ""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.empty(), ConfigFileMode.warning(file, "secret"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertTrue(ConfigFileMode.warning(file, "secret").isPresent());
    }

    @Test
    public void aFileWhoseModeCannotBeReadStopsNothing() {
        ConfigFileMode.warnIfPasswordExposed(tmp.getRoot().toPath().resolve("gone.properties"), "secret");
    }
}
