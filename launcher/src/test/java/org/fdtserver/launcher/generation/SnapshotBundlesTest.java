package org.fdtserver.launcher.generation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the launcher reads from a generation's bundle snapshot, and what it refuses to start from. */
public class SnapshotBundlesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path snapshot;
    private final Path deploy = Path.of("/srv/fdtserver/bundles");

    @Before
    public void setUp() throws Exception {
        snapshot = tmp.newFolder("bundles").toPath();
    }

    @Test
    public void namesEachBundleBySymbolicNameAndVersionInFileOrder() throws Exception {
        bundle("b-http.jar", "org.example.http;singleton:=true", "2.1.0");
        bundle("a-echo.jar", "org.example.echo", null);
        Files.writeString(snapshot.resolve("README.txt"), "not a jar, not looked at");
        assertEquals(List.of("org.example.echo 0.0.0", "org.example.http 2.1.0"), SnapshotBundles.names(snapshot, deploy));
    }

    @Test
    public void refusesTwoJarsOfOneSymbolicNameNamingBothFilesAndVersions() throws Exception {
        bundle("greeter-1.0.0.jar", "org.example.greeter", "1.0.0");
        bundle("greeter-2.0.0.jar", "org.example.greeter", "2.0.0");
        bundle("other.jar", "org.example.other", "1.0.0");
        assertRefused("bundles_dir /srv/fdtserver/bundles holds 2 jars of bundle org.example.greeter: "
                + "greeter-1.0.0.jar (1.0.0) and greeter-2.0.0.jar (2.0.0); "
                + "a generation runs one version of each bundle: remove the one you replace");
    }

    @Test
    public void refusesAPlainJarAndAJarWithoutManifestAndAFileThatIsNoJarNamingEach() throws Exception {
        bundle("lib.jar", null, "1.0.0");
        try (OutputStream out = Files.newOutputStream(snapshot.resolve("no-manifest.jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.flush();
        }
        Files.writeString(snapshot.resolve("truncated.jar"), "PK but not really");
        String plain = " has no Bundle-SymbolicName in its manifest: it is a plain jar, not an OSGi bundle"
                + " (build it with bnd, or embed it in the bundle that uses it)";
        assertRefused("/srv/fdtserver/bundles/lib.jar" + plain + "; /srv/fdtserver/bundles/no-manifest.jar" + plain
                + "; /srv/fdtserver/bundles/truncated.jar is not a readable jar: zip END header not found");
    }

    private void assertRefused(String reason) throws Exception {
        try {
            SnapshotBundles.names(snapshot, deploy);
            fail("accepted the snapshot");
        } catch (SnapshotBundles.Refused expected) {
            assertEquals(reason, expected.getMessage());
        }
    }

    private void bundle(String file, String symbolicName, String version) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            a.putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            a.putValue("Bundle-Version", version);
        }
        try (OutputStream out = Files.newOutputStream(snapshot.resolve(file)); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
    }
}
