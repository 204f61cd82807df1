package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The operator's commands against a running launcher found through its run directory. */
public class CommandLineIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The output and exit code of one command. */
    record Result(int code, String output) {
    }

    static Result fdtserver(String... args) throws Exception {
        Process p = Installation.commandLine(args).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("fdtserver " + String.join(" ", args) + " exits", p.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    @Test
    public void statusShowsTheLauncherAndItsWorkersAndStopEndsThem() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath());
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            List<Long> workers = server.awaitReadyWorkers(2);
            String file = config.dir().resolve("fdtserver.properties").toString();
            assertEquals(Long.toString(server.pid()), Files.readString(config.runDir().resolve("fdtserver.pid")).trim());

            Result status = fdtserver("status", "--config", file);
            assertEquals(status.output(), 0, status.code());
            assertThat(status.output(), containsString(Long.toString(server.pid())));
            for (long pid : workers) {
                assertThat(status.output(), containsString(Long.toString(pid)));
            }

            Result stop = fdtserver("stop", "--config", file);
            assertEquals(stop.output(), 0, stop.code());
            assertEquals(0, server.awaitExit());
            assertTrue(workers.stream().noneMatch(ServerProcess::alive));
            assertFalse("pid file removed", Files.exists(config.runDir().resolve("fdtserver.pid")));

            Result again = fdtserver("stop", "--config", file);
            assertEquals(again.output(), 1, again.code());
            assertEquals(1, fdtserver("status", "--config", file).code());
        }
    }

    @Test
    public void secondLauncherOnTheSameRunDirectoryIsRefused() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath());
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(2);
            Result second = fdtserver("run", "--config", config.dir().resolve("fdtserver.properties").toString());
            assertEquals(second.output(), 1, second.code());
            assertThat(second.output(), containsString(Long.toString(server.pid())));
            server.awaitReadyWorkers(2);
        }
    }

    @Test
    public void unknownCommandPrintsUsage() throws Exception {
        Result r = fdtserver("dance");
        assertEquals(2, r.code());
        assertThat(r.output(), containsString("usage"));
    }

    @Test
    public void missingConfigFileIsNamed() throws Exception {
        Path missing = tmp.getRoot().toPath().resolve("nope.properties");
        Result r = fdtserver("run", "--config", missing.toString());
        assertEquals(2, r.code());
        assertThat(r.output(), containsString("nope.properties"));
    }
}
