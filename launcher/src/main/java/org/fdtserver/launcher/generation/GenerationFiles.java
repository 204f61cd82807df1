package org.fdtserver.launcher.generation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.listen.BoundListener;
import org.fdtserver.runtime.protocol.DatabaseSettings;
import org.fdtserver.runtime.protocol.ListenerBinding;
import org.fdtserver.runtime.protocol.RunLayout;
import org.fdtserver.runtime.protocol.WorkerSpec;

/** Writes a generation's directory: an immutable snapshot of the bundles and the worker spec file. */
public final class GenerationFiles {

    private GenerationFiles() {
    }

    /**
     * Creates {@code <run_dir>/generations/<g>/} with {@code bundles/} and {@code worker.properties}.
     *
     * @param config the configuration
     * @param home the installation home
     * @param generation the generation number
     * @param listeners the bound listeners in configuration order
     * @param database the database of connection-bound transactions; empty when they are off
     * @return the spec file
     * @throws IOException if the snapshot or the spec cannot be written
     */
    public static Path write(LauncherConfig config, Path home, long generation, List<BoundListener> listeners,
            Optional<DatabaseSettings> database) throws IOException {
        Path dir = directory(config, generation);
        deleteTree(dir);
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        copyJars(config.bundlesDir(), bundles);
        List<ListenerBinding> specs = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            specs.add(listeners.get(i).spec(i));
        }
        WorkerSpec spec = new WorkerSpec(generation, config.controlSocket(), config.runDir(),
                home.resolve("system"), bundles, config.dataDir().resolve("cache"), specs,
                config.engineSettings(), database, config.logLevel());
        Path file = dir.resolve("worker.properties");
        spec.write(file);
        return file;
    }

    private static void copyJars(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException("bundles directory " + from + " does not exist");
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(from, "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /**
     * @param config the configuration naming the run directory
     * @param generation a generation number
     * @return that generation's directory
     */
    public static Path directory(LauncherConfig config, long generation) {
        return RunLayout.generationDir(config.runDir(), generation);
    }

    /**
     * Removes a directory tree if it exists (a generation left over from an earlier run).
     *
     * @param dir the tree
     * @throws IOException if something cannot be removed
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
