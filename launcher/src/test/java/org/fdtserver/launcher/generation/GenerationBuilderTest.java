package org.fdtserver.launcher.generation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.listen.ListenerSockets;
import org.fdtserver.launcher.supervisor.GenerationFactory.GenerationException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the operator is told when a generation cannot be made from the configuration file, at start or on reload. */
public class GenerationBuilderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private final ListenerSockets sockets = new ListenerSockets();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private Path home;
    private Path file;

    @Before
    public void setUp() throws Exception {
        home = tmp.newFolder("home").toPath();
        file = home.resolve("fdtserver.properties");
        keys.put("run_dir", home.resolve("run").toString());
        keys.put("log_dir", home.resolve("log").toString());
        keys.put("data_dir", home.resolve("data").toString());
        keys.put("bundles_dir", Files.createDirectories(home.resolve("bundles")).toString());
        keys.put("listeners", "echo");
        // Reuseport: the launcher binds nothing for it (the unit-test JVM cannot hand on a descriptor).
        keys.put("listener.echo.address", "127.0.0.1:7000");
        keys.put("listener.echo.reuseport", "true");
        keys.put("log_level", "INFO");
    }

    @After
    public void tearDown() throws Exception {
        sockets.close();
    }

    LauncherConfig write() throws Exception {
        StringBuilder text = new StringBuilder();
        keys.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
        return ConfigParser.load(file, home);
    }

    GenerationBuilder builder(LauncherConfig initial) {
        return new GenerationBuilder(initial, home, sockets, Optional.empty());
    }

    @Test
    public void aBundlesDirectoryRemovedBeforeTheGenerationIsWrittenIsNamed() throws Exception {
        LauncherConfig config = write();
        Files.delete(config.bundlesDir());
        GenerationException e = assertThrows(GenerationException.class, () -> builder(config).plan(config, 1));
        assertEquals("cannot write generation 1 under " + config.runDir() + ": java.io.IOException: bundles directory "
                + config.bundlesDir() + " does not exist", e.getMessage());
    }

    @Test
    public void aListenerWhosePortIsTakenStopsTheGenerationNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            keys.put("listener.echo.address", "127.0.0.1:" + taken.getLocalPort());
            keys.remove("listener.echo.reuseport");
            LauncherConfig config = write();
            GenerationException e = assertThrows(GenerationException.class, () -> builder(config).plan(config, 1));
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot bind listener 'echo' on 127.0.0.1:" + taken.getLocalPort() + ": "));
            assertTrue(e.getMessage(), e.getMessage().contains("Address already in use"));
        }
    }

    @Test
    public void aReloadThatMovesTheRunDirectoryIsRefusedAndSaysToRestart() throws Exception {
        LauncherConfig initial = write();
        GenerationBuilder builder = builder(initial);
        builder.plan(initial, 1);
        keys.put("run_dir", home.resolve("elsewhere").toString());
        write();
        GenerationException e = assertThrows(GenerationException.class, () -> builder.prepare(2));
        assertEquals(file + ": key 'run_dir': cannot change from " + initial.runDir() + " to " + home.resolve("elsewhere")
                + " while the launcher runs (its pid file and control socket live there); restart to move it", e.getMessage());
    }
}
