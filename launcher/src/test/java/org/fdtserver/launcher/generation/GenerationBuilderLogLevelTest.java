package org.fdtserver.launcher.generation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.LogManager;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.listen.ListenerSockets;
import org.fdtserver.runtime.logging.ProcessLogging;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The launcher's own log, on its standard output, follows a reloaded log_level at once. */
public class GenerationBuilderLogLevelTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ListenerSockets sockets = new ListenerSockets();
    private final PrintStream stdout = System.out;

    @After
    public void tearDown() throws Exception {
        sockets.close();
        System.setOut(stdout);
        // The launcher's log configuration replaced the tests' own.
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    public void aReloadThatChangesTheLogLevelSwitchesTheLaunchersOwnLogAtOnce() throws Exception {
        Path home = tmp.newFolder("home").toPath();
        Path file = home.resolve("fdtserver.properties");
        String keys = "run_dir=" + home.resolve("run") + "\nlog_dir=" + home.resolve("log") + "\ndata_dir=" + home.resolve("data")
                + "\nbundles_dir=" + Files.createDirectories(home.resolve("bundles"))
                + "\nlisteners=echo\nlistener.echo.address=127.0.0.1:7000\nlistener.echo.reuseport=true\n";
        Files.writeString(file, keys + "log_level=INFO\n");
        LauncherConfig initial = ConfigParser.load(file, home);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        ProcessLogging.configure("launcher", initial.logLevel()); // as the launcher does at start
        GenerationBuilder builder = new GenerationBuilder(initial, home, sockets, Optional.empty());
        builder.plan(initial, 1);
        Logger supervisor = LoggerFactory.getLogger("org.fdtserver.launcher.supervisor.Supervisor");
        supervisor.debug("debug line before the reload");
        Files.writeString(file, keys + "log_level=DEBUG\n");
        assertEquals(2, builder.prepare(2).number());
        supervisor.debug("debug line after the reload");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed, printed.contains("log_level INFO -> FINE"));
        assertFalse(printed, printed.contains("debug line before the reload"));
        assertTrue(printed, printed.contains("debug line after the reload"));
    }
}
