package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
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
            Result noSuchWorker = fdtserver("shell", "--worker", "7", "--config", file);
            assertEquals(noSuchWorker.output(), 1, noSuchWorker.code());
            assertThat(noSuchWorker.output(), containsString("no READY worker with index 7"));
            assertThat(status.output(), containsString(Long.toString(server.pid())));
            for (long pid : workers) {
                assertThat(status.output(), containsString(Long.toString(pid)));
            }

            Result stop = fdtserver("stop", "--config", file);
            assertEquals(stop.output(), 0, stop.code());
            assertEquals(0, server.awaitExit());
            assertTrue(workers.stream().noneMatch(ServerProcess::alive));
            assertFalse("pid file removed", Files.exists(config.runDir().resolve("fdtserver.pid")));

            server.awaitLine("every worker has exited");
            // Nothing at start about QUIT (the JVM's thread dump, as the README says), and a worker
            // that exits because it was told to is no news.
            assertTrue(server.tail(), server.output().stream().noneMatch(l -> l.contains("QUIT")));
            assertTrue(server.tail(), server.output().stream().noneMatch(l -> l.contains("closed its control connection")));

            Result again = fdtserver("stop", "--config", file);
            assertEquals(again.output(), 1, again.code());
            assertEquals(1, fdtserver("status", "--config", file).code());
            for (Result r : List.of(fdtserver("shell", "--config", file), fdtserver("tx", "list", "--config", file))) {
                assertEquals(r.output(), 1, r.code());
                assertThat(r.output(), containsString("fdtserver is not running"));
            }
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

    /** What one command printed on each stream, and how it exited. */
    record Streams(int code, String out, String err) {
    }

    /** Runs {@code fdtserver args} with {@code input} on its standard input. */
    static Streams withInput(String input, String... args) throws Exception {
        Path err = Files.createTempFile("fdtserver-stderr", ".txt");
        try {
            Process p = Installation.commandLine(args).redirectError(err.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("fdtserver " + String.join(" ", args) + " exits", p.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            return new Streams(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    @Test
    public void anInvalidConfigFileOnDiskStillLetsTheOperatorReachTheRunningLauncher() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath());
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(2);
            String file = config.set("workerz", "3").write().toString();
            String warning = "the configuration file on disk is invalid: " + file + ": key 'workerz': unknown key";

            Streams status = withInput("", "status", "--config", file);
            assertEquals(status.err(), 0, status.code());
            assertThat(status.out(), containsString("launcher pid " + server.pid()));
            assertThat(status.err(), containsString(warning));

            Streams shell = withInput("fdt:status\n", "shell", "--config", file);
            assertEquals(shell.err(), 0, shell.code());
            assertThat(shell.out(), containsString("generation  1"));
            assertThat(shell.err(), containsString(warning));

            Streams stop = withInput("", "stop", "--config", file);
            assertEquals(stop.err(), 0, stop.code());
            assertThat(stop.err(), containsString(warning));
            assertEquals(0, server.awaitExit());
        }
    }

    @Test
    public void runNamesTheKeyAndTheFileOfAMissingBundlesDirectoryOrAnUnknownHostAndExits2() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath());
        Path nope = config.dir().resolve("nope");
        String file = config.set("bundles_dir", nope.toString()).write().toString();
        Cli.Result noBundles = Cli.run(config, "run");
        assertEquals(noBundles.output(), 2, noBundles.exitCode());
        assertThat(noBundles.output(), containsString(file + ": key 'bundles_dir': directory " + nope + " does not exist"));

        config.set("bundles_dir", Installation.home().resolve("bundles").toString())
                .set("listener.echo.address", "nosuchhost.invalid:" + config.echoPort()).write();
        Cli.Result unknownHost = Cli.run(config, "run");
        assertEquals(unknownHost.output(), 2, unknownHost.exitCode());
        assertThat(unknownHost.output(), containsString(file + ": key 'listener.echo.address': unknown host 'nosuchhost.invalid'"));
    }

    @Test
    public void helpPrintsTheUsageAndVersionTheVersionBothExiting0() throws Exception {
        for (String[] help : List.of(new String[] {"--help"}, new String[] {"help"}, new String[] {"shell", "--help"})) {
            Streams r = withInput("", help);
            assertEquals(r.err(), 0, r.code());
            assertThat(r.out(), containsString("usage: fdtserver run"));
            assertThat(r.out(), containsString("fdtserver tx list"));
        }
        String jar;
        try (var lib = Files.list(Installation.home().resolve("lib"))) {
            jar = lib.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("fdtserver-launcher-")).findFirst().orElseThrow();
        }
        Streams version = withInput("", "--version");
        assertEquals(version.err(), 0, version.code());
        assertEquals("fdtserver " + jar.substring("fdtserver-launcher-".length(), jar.length() - ".jar".length()) + "\n", version.out());
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
        for (String command : List.of("run", "status")) {
            Result r = fdtserver(command, "--config", missing.toString());
            assertEquals(r.output(), 2, r.code());
            assertThat(r.output(), containsString(missing + ": cannot read: "));
        }
    }
}
