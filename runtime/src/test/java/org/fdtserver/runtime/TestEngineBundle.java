package org.fdtserver.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A system bundle for the tests that boot a whole worker in the test JVM: it registers a serving
 * engine with no listeners, whose handlers are bound at once and whose drain ends at once. Written
 * as a jar at test time from this class's own bytes ({@link #writeTo}); Felix loads it from there.
 */
public final class TestEngineBundle implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        context.registerService(ServingEngine.class, new Engine(), null);
    }

    @Override
    public void stop(BundleContext context) {
    }

    /** The engine of a worker without listeners. */
    public static final class Engine implements ServingEngine {
        @Override
        public Map<String, ListenerState> listeners() {
            return Map.of();
        }

        @Override
        public List<String> handlerProblems() {
            return List.of();
        }

        @Override
        public CompletionStage<Void> handlersBound() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void startAccepting() {
        }

        @Override
        public CompletionStage<Void> drain() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public int openConnections() {
            return 0;
        }

        @Override
        public int busyThreads() {
            return 0;
        }

        @Override
        public int poolThreads() {
            return 1;
        }
    }

    /** Writes the bundle as {@code dir/test-engine.jar}. */
    static void writeTo(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.fdtserver.runtime.testengine");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", TestEngineBundle.class.getName());
        main.putValue("Import-Package", "org.osgi.framework,org.fdtserver.runtime.spi");
        try (OutputStream out = Files.newOutputStream(dir.resolve("test-engine.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Class<?> c : List.of(TestEngineBundle.class, Engine.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream bytes = c.getClassLoader().getResourceAsStream(entry)) {
                    bytes.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
    }

    /** Copies the Config Admin bundle, which every worker needs among its system bundles, from the test class path. */
    static void copyConfigAdminTo(Path dir) throws IOException {
        Path jar = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("org.apache.felix.configadmin")).map(Path::of).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Config Admin bundle on the test class path"));
        Files.copy(jar, dir.resolve(jar.getFileName()));
    }
}
