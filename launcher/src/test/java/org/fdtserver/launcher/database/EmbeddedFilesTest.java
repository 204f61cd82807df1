package org.fdtserver.launcher.database;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The embedded database's own files: the credentials file and what a start cut short leaves. */
public class EmbeddedFilesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void credentialsAreRandomPrivateAndNeverPrinted() throws Exception {
        Path file = tmp.getRoot().toPath().resolve(EmbeddedCredentials.FILE);
        EmbeddedCredentials made = EmbeddedCredentials.generate("fdtserver");
        assertNotEquals(made.superuserPassword(), made.rolePassword());
        made.save(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(made, EmbeddedCredentials.load(file));
        assertEquals("loading puts the mode back", "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(made.toString().contains(made.rolePassword()));
        assertEquals("roles postgres and fdtserver, database fdtserver", made.toString());
    }

    @Test
    public void whatAStartCutShortLeftIsRemoved() throws Exception {
        Path tree = tmp.newFolder("postgres.initdb").toPath();
        Files.createDirectories(tree.resolve("base/1"));
        Files.writeString(tree.resolve("base/1/x"), "x");
        EmbeddedCluster.deleteIfPresent(tree);
        assertFalse(Files.exists(tree));
        EmbeddedCluster.deleteIfPresent(tree); // nothing there: nothing to do
        assertTrue(Files.isDirectory(tmp.getRoot().toPath()));
    }
}
