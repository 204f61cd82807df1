package org.fdtserver.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.DatabaseConfig;
import org.fdtserver.launcher.config.LauncherConfig;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** `fdtserver run` that cannot get going says why on its standard output and exits 1. */
public class LauncherTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final PrintStream stdout = System.out;

    @After
    public void tearDown() throws Exception {
        System.setOut(stdout);
        // The launcher's log configuration replaced the tests' own.
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    public void aRunDirectoryThatCannotBeCreatedIsNamedAndNothingStarts() throws Exception {
        Path home = tmp.newFolder("home").toPath();
        Path notADirectory = Files.writeString(home.resolve("run"), "a file where the run directory's parent should be");
        Path file = Files.writeString(home.resolve("fdtserver.properties"), "run_dir=" + notADirectory.resolve("fdt")
                + "\ndata_dir=" + home.resolve("data") + "\nlog_dir=" + home.resolve("log")
                + "\nbundles_dir=" + Files.createDirectories(home.resolve("bundles")) + "\ndatabase.url=none\n");
        LauncherConfig config = ConfigParser.load(file, home);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(1, new Launcher(config, home, DatabaseConfig.load(file)).run());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed, printed.contains("SEVERE") && printed.contains("cannot prepare " + notADirectory.resolve("fdt") + ": java.nio.file."));
        assertFalse("no database, no listener: it stopped before them", printed.contains("database.url=none"));
        assertFalse(Files.exists(home.resolve("data")));
    }
}
