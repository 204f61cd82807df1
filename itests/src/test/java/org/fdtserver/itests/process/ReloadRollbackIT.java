package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Reloads that must be rolled back, against one shared server that each test leaves serving v1 as
 * it found it: the operator gets a non-zero exit naming the reason, clients see nothing change.
 */
public class ReloadRollbackIT {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static ServerConfig config;
    private static ServerProcess server;
    private static Path bundles;
    private static int greetPort;
    private static List<Long> workers;

    @BeforeClass
    public static void startServer() throws Exception {
        bundles = TestBundles.deployDirectory(tmp.newFolder("deploy").toPath());
        TestBundles.greeter(bundles.resolve("greeter.jar"), "1.0.0", "v1", false);
        greetPort = FreePorts.pick();
        config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("workers", "1")
                .set("bundles_dir", bundles.toString())
                .set("listeners", "echo,http," + TestBundles.LISTENER)
                .set("listener." + TestBundles.LISTENER + ".address", "127.0.0.1:" + greetPort);
        server = ServerProcess.start(config, "run");
        workers = server.awaitReadyWorkers(1);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Puts back the v1 deploy directory and the valid configuration. */
    @After
    public void restore() throws Exception {
        for (String extra : List.of("broken.jar", "greeter-2.0.0.jar", "other-greeter.jar", "plain.jar")) {
            Files.deleteIfExists(bundles.resolve(extra));
        }
        TestBundles.greeter(bundles.resolve("greeter.jar"), "1.0.0", "v1", false);
        config.set("threads", "4").write();
    }

    @Test
    public void bundleWithAnUnresolvableImportIsRolledBackNamingTheMissingRequirement() throws Exception {
        TestBundles.unresolvable(bundles.resolve("broken.jar"), "org.fdtserver.test.broken", "com.example.missing");
        assertRolledBack(reload(), "org.fdtserver.test.broken", "com.example.missing");
    }

    @Test
    public void componentThrowingOnActivationIsRolledBackWithItsException() throws Exception {
        TestBundles.greeter(bundles.resolve("greeter.jar"), "2.0.0", "v2", true);
        assertRolledBack(reload(), "org.fdtserver.test.greeter.Greeter", "greeter v2 refuses to start");
    }

    /** The README's old reload example: the new version copied next to the old one instead of replacing it. */
    @Test
    public void twoVersionsOfOneBundleAreRefusedNamingBothFiles() throws Exception {
        TestBundles.greeter(bundles.resolve("greeter-2.0.0.jar"), "2.0.0", "v2", false);
        assertRolledBack(reload(), "2 jars of bundle org.fdtserver.test.greeter", "greeter.jar (1.0.0)",
                "greeter-2.0.0.jar (2.0.0)");
    }

    @Test
    public void twoBundlesServingOneListenerAreRolledBackNamingBoth() throws Exception {
        TestBundles.greeter(bundles.resolve("other-greeter.jar"), "org.fdtserver.test.othergreeter", "1.0.0", "other",
                TestBundles.LISTENER);
        assertRolledBack(reload(), "listener " + TestBundles.LISTENER + " has 2 protocol handlers",
                "org.fdtserver.test.greeter 1.0.0", "org.fdtserver.test.othergreeter 1.0.0");
    }

    @Test
    public void aHandlerNamingAListenerThatDoesNotExistIsRolledBackNamingBundleAndListener() throws Exception {
        TestBundles.greeter(bundles.resolve("greeter.jar"), "org.fdtserver.test.greeter", "2.0.0", "v2", "gret");
        assertRolledBack(reload(), "org.fdtserver.test.greeter 2.0.0", "names listener gret, which is not configured",
                "listener " + TestBundles.LISTENER + " has no protocol handler");
    }

    @Test
    public void aJarThatIsNoBundleIsRefusedNamingTheFile() throws Exception {
        TestBundles.plainJar(bundles.resolve("plain.jar"));
        assertRolledBack(reload(), bundles.resolve("plain.jar").toString(), "no Bundle-SymbolicName");
    }

    @Test
    public void invalidConfigurationIsRolledBackNamingFileKeyAndValue() throws Exception {
        config.set("threads", "many").write();
        Cli.Result reload = reload();
        assertRolledBack(reload, "fdtserver.properties", "'threads'");
        assertThat(reload.output(), containsString("'many'"));
    }

    private static Cli.Result reload() throws Exception {
        return Cli.run(config, "reload");
    }

    private static void assertRolledBack(Cli.Result reload, String... named) throws Exception {
        assertNotEquals(reload.output(), 0, reload.exitCode());
        for (String n : named) {
            assertThat(reload.output(), containsString(n));
        }
        String generation = reload.output().replaceAll("(?s).*reload failed: generation (\\d+) aborted.*", "$1");
        List<String> status = ControlClient.ask(config.runDir(), "status");
        String all = String.join("\n", status);
        assertThat(all, containsString("generation " + generation + " ABORTED"));
        assertThat(all, containsString("last reload: generation " + generation + " ABORTED: "));
        for (String n : named) {
            assertThat(all, containsString(n));
        }
        assertThat(all, containsString("generation 1 SERVING"));
        assertEquals("v1 still serves", "v1 hello", greet("hello"));
        assertEquals(200, Clients.get(config.httpPort(), "/").status());
        assertEquals("the serving worker is untouched", workers, server.readyWorkerPids());
        server.awaitLine("generation " + generation + " aborted; generation 1 serves on");
    }

    private static String greet(String line) throws Exception {
        try (Socket s = Clients.connect(greetPort)) {
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
