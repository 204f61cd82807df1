package org.fdtserver.launcher.generation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Names the bundles of a generation's snapshot from their manifests, and refuses a snapshot a
 * worker would serve wrongly: a jar that is no OSGi bundle (Felix would install it silently as an
 * empty R3 bundle) or two jars of one symbolic name (both would start, and either could serve).
 */
public final class SnapshotBundles {

    /** A snapshot no generation may start from; the message names every offending file. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** One jar of the snapshot as its manifest names it. */
    private record Jar(String file, String symbolicName, String version) {
    }

    private SnapshotBundles() {
    }

    /**
     * Reads and checks every jar of a snapshot.
     *
     * @param snapshot the generation's copy of the deploy directory
     * @param deployDir the deploy directory it was copied from ({@code bundles_dir}), to name the
     *     files where the operator put them
     * @return {@code symbolic-name version} per jar, in file-name order
     * @throws Refused naming each jar that is no bundle or cannot be read, and each symbolic name
     *     that two or more jars carry
     * @throws IOException if the snapshot cannot be listed
     */
    public static List<String> names(Path snapshot, Path deployDir) throws Refused, IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(snapshot, "*.jar")) {
            jars.forEach(files::add);
        }
        files.sort(null);
        List<String> names = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, List<Jar>> bySymbolicName = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                Jar jar = read(file);
                if (jar == null) {
                    problems.add(deployDir.resolve(name) + " has no Bundle-SymbolicName in its manifest: it is a plain jar,"
                            + " not an OSGi bundle (build it with bnd, or embed it in the bundle that uses it)");
                } else {
                    names.add(jar.symbolicName() + " " + jar.version());
                    bySymbolicName.computeIfAbsent(jar.symbolicName(), k -> new ArrayList<>()).add(jar);
                }
            } catch (IOException e) {
                problems.add(deployDir.resolve(name) + " is not a readable jar: " + e.getMessage());
            }
        }
        bySymbolicName.forEach((symbolicName, jars) -> {
            if (jars.size() > 1) {
                List<String> each = new ArrayList<>();
                jars.forEach(j -> each.add(j.file() + " (" + j.version() + ")"));
                problems.add("bundles_dir " + deployDir + " holds " + jars.size() + " jars of bundle " + symbolicName + ": "
                        + String.join(" and ", each) + "; a generation runs one version of each bundle: remove the one you replace");
            }
        });
        if (!problems.isEmpty()) {
            throw new Refused(String.join("; ", problems));
        }
        return names;
    }

    /** @return the jar's bundle identity, or null when its manifest names no symbolic name */
    private static Jar read(Path file) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest m = jar.getManifest();
            Attributes main = m == null ? new Attributes() : m.getMainAttributes();
            String symbolicName = main.getValue("Bundle-SymbolicName");
            if (symbolicName == null) {
                return null;
            }
            String version = main.getValue("Bundle-Version");
            return new Jar(file.getFileName().toString(), symbolicName.split(";")[0].trim(),
                    version == null ? "0.0.0" : version.trim());
        }
    }
}
