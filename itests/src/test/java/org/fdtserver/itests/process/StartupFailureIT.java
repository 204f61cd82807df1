package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThat;

import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A server that cannot start says why, names the culprit, and leaves nothing running. */
public class StartupFailureIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void invalidConfigIsRefusedWithFileKeyAndReason() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath()).set("workers", "lots");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            assertEquals(2, server.awaitExit());
            String out = String.join("\n", server.output());
            assertThat(out, containsString("fdtserver.properties"));
            assertThat(out, containsString("'workers'"));
            assertThat(out, containsString("lots"));
        }
    }

    @Test
    public void aRunDirectoryTooDeepForTheControlSocketStopsTheStartAndLeavesNoPidFile() throws Exception {
        Path dir = tmp.newFolder("server").toPath();
        // A Unix-domain socket path holds at most 107 bytes; the run directory's own path can be longer.
        Path deep = dir.resolve("r".repeat(Math.max(1, 110 - dir.toString().length())));
        ServerConfig config = new ServerConfig(dir).set("run_dir", deep.toString()).set("workers", "1");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            int exit = server.awaitExit();
            String out = String.join("\n", server.output());
            assertEquals(out, 1, exit);
            assertThat(out, containsString("cannot start: java.net.SocketException: Unix domain path too long"));
            assertFalse("the pid file is removed", Files.exists(deep.resolve("fdtserver.pid")));
        }
    }

    @Test
    public void bundleThatDoesNotResolveIsNamedWithItsMissingRequirement() throws Exception {
        Path bundles = tmp.newFolder("bundles").toPath();
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Installation.home().resolve("bundles"), "*.jar")) {
            for (Path jar : shipped) {
                Files.copy(jar, bundles.resolve(jar.getFileName()));
            }
        }
        writeBundle(bundles.resolve("broken.jar"), "org.fdtserver.test.broken", "com.example.missing;version=\"[1.0,2)\"");
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("bundles_dir", bundles.toString()).set("workers", "1");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            assertNotEquals(0, server.awaitExit());
            String out = String.join("\n", server.output());
            assertThat(out, containsString("org.fdtserver.test.broken"));
            assertThat(out, containsString("com.example.missing"));
        }
    }

    @Test
    public void twoVersionsOfOneBundleStopTheStartNamingBothFiles() throws Exception {
        Path bundles = deployWithGreeter();
        TestBundles.greeter(bundles.resolve("greeter-2.0.0.jar"), "2.0.0", "v2", false);
        assertRunFails(bundles, "2 jars of bundle org.fdtserver.test.greeter", "greeter.jar (1.0.0)", "greeter-2.0.0.jar (2.0.0)");
    }

    @Test
    public void twoBundlesServingOneListenerStopTheStartNamingBoth() throws Exception {
        Path bundles = deployWithGreeter();
        TestBundles.greeter(bundles.resolve("other-greeter.jar"), "org.fdtserver.test.othergreeter", "1.0.0", "other",
                TestBundles.LISTENER);
        assertRunFails(bundles, "listener " + TestBundles.LISTENER + " has 2 protocol handlers",
                "org.fdtserver.test.greeter 1.0.0", "org.fdtserver.test.othergreeter 1.0.0");
    }

    @Test
    public void aHandlerNamingAListenerThatDoesNotExistStopsTheStartNamingBundleAndListener() throws Exception {
        Path bundles = TestBundles.deployDirectory(tmp.newFolder("deploy").toPath());
        TestBundles.greeter(bundles.resolve("greeter.jar"), "org.fdtserver.test.greeter", "1.0.0", "v1", "gret");
        assertRunFails(bundles, "org.fdtserver.test.greeter 1.0.0", "names listener gret, which is not configured",
                "listener " + TestBundles.LISTENER + " has no protocol handler");
    }

    @Test
    public void aJarThatIsNoBundleStopsTheStartNamingTheFile() throws Exception {
        Path bundles = deployWithGreeter();
        TestBundles.plainJar(bundles.resolve("plain.jar"));
        assertRunFails(bundles, bundles.resolve("plain.jar").toString(), "no Bundle-SymbolicName");
    }

    private Path deployWithGreeter() throws Exception {
        Path bundles = TestBundles.deployDirectory(tmp.newFolder("deploy").toPath());
        TestBundles.greeter(bundles.resolve("greeter.jar"), "1.0.0", "v1", false);
        return bundles;
    }

    /** Runs a one-worker server with the greet listener on the bundles given: it must exit 1 naming the culprits. */
    private void assertRunFails(Path bundles, String... named) throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("workers", "1")
                .set("bundles_dir", bundles.toString())
                .set("listeners", "echo,http," + TestBundles.LISTENER)
                .set("listener." + TestBundles.LISTENER + ".address", "127.0.0.1:" + FreePorts.pick());
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            int exit = server.awaitExit();
            String out = String.join("\n", server.output());
            assertEquals(out, 1, exit);
            for (String n : named) {
                assertThat(out, containsString(n));
            }
        }
    }

    /** Writes a bundle with nothing in it but a manifest. */
    static void writeBundle(Path jar, String symbolicName, String imports) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        if (imports != null) {
            a.putValue("Import-Package", imports);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
    }
}
