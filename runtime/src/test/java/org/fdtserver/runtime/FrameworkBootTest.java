package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the boot reports about a bundle directory that is missing or holds jars that cannot serve. */
public class FrameworkBootTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FrameworkBoot boot;

    @Before
    public void boot() throws Exception {
        boot = FrameworkBoot.init(tmp.newFolder("cache").toPath());
        assertEquals(List.of(), boot.startSystemBundles(tmp.newFolder("system").toPath()));
    }

    @After
    public void stop() {
        boot.stop(5000);
    }

    @Test
    public void aMissingBundleDirectoryIsNamed() {
        Path missing = tmp.getRoot().toPath().resolve("gen-7");
        IOException e = assertThrows(IOException.class, () -> boot.startApplicationBundles(missing));
        assertEquals("bundle directory " + missing + " does not exist", e.getMessage());
    }

    @Test
    public void aJarThatIsNoBundleAndAFragmentWithoutItsHostAreEachNamed() throws IOException {
        Path dir = tmp.newFolder("app").toPath();
        Files.writeString(dir.resolve("a-broken.jar"), "not a zip");
        writeBundle(dir.resolve("b-fragment.jar"), "org.example.fragment", "org.example.absent");
        List<String> problems = boot.startApplicationBundles(dir);
        assertEquals(problems.toString(), 2, problems.size());
        assertTrue(problems.get(0), problems.get(0).startsWith("a-broken.jar: cannot install: "));
        assertTrue("the cause is named: " + problems.get(0), problems.get(0).contains(" caused by "));
        assertEquals("org.example.fragment 1.0.0: fragment did not resolve (state 2)", problems.get(1));
    }

    private static void writeBundle(Path jar, String name, String host) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Fragment-Host", host);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole bundle
        }
    }
}
