package org.fdtserver.launcher.generation;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.Optional;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.listen.ListenerSockets;
import org.fdtserver.launcher.supervisor.GenerationPlan;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** Faults the file system can throw at a generation's files, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class GenerationBuilderFaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private final ListenerSockets sockets = new ListenerSockets();

    @After
    public void tearDown() {
        sockets.close();
    }

    @Test
    @BMRule(name = "a generation's file cannot be removed",
            targetClass = "java.nio.file.Files", targetMethod = "delete",
            condition = "callerEquals(\"org.fdtserver.launcher.generation.GenerationFiles.deleteTree\", true, true)",
            action = "throw new java.nio.file.AccessDeniedException($1.toString())")
    public void filesOfADiscardedGenerationThatCannotBeRemovedAreReportedAndLeft() throws Exception {
        java.nio.file.Path home = tmp.newFolder("home").toPath();
        java.nio.file.Path file = home.resolve("fdtserver.properties");
        Files.writeString(file, "run_dir=" + home.resolve("run") + "\ndata_dir=" + home.resolve("data")
                + "\nbundles_dir=" + Files.createDirectories(home.resolve("bundles"))
                + "\nlisteners=echo\nlistener.echo.address=127.0.0.1:7000\nlistener.echo.reuseport=true\n");
        LauncherConfig config = ConfigParser.load(file, home);
        GenerationBuilder builder = new GenerationBuilder(config, home, sockets, Optional.empty());
        GenerationPlan plan = builder.plan(config, 1);
        builder.discard(plan);
        assertTrue(log.lines().toString(), log.has("WARNING cannot remove the files of generation 1: java.nio.file.AccessDeniedException: "
                + GenerationFiles.directory(config, 1)));
        assertTrue("left in place", Files.isRegularFile(plan.specFile()));
    }
}
