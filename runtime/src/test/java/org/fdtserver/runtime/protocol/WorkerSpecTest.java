package org.fdtserver.runtime.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WorkerSpecTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static WorkerSpec spec(Path dir, Optional<DatabaseSettings> database) {
        return new WorkerSpec(7, dir.resolve("control.sock"), dir, dir.resolve("system"),
                dir.resolve("gen/bundles"), dir.resolve("cache"),
                List.of(new ListenerBinding("echo", "127.0.0.1", 7000, 3, false, 0, 0),
                        new ListenerBinding("http", "::1", 8080, 4, false, 0, 0),
                        new ListenerBinding("own", "127.0.0.1", 8081, ListenerBinding.BIND_HERE, true, 3, 40)),
                new EngineSettings(8, 2, 1024, 5000, 100, 30000, 2500), database, "FINE");
    }

    @Test
    public void writesAndReadsBackEverything() throws Exception {
        Path dir = tmp.getRoot().toPath();
        WorkerSpec spec = spec(dir, Optional.of(new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/app", "app",
                "s3cret", 4, 60_000, 300_000)));
        Path file = dir.resolve("worker.properties");
        spec.write(file);
        assertEquals(spec, WorkerSpec.read(file));
        assertEquals(dir.resolve("shell-7.1.sock"), spec.shellSocket("7.1"));
    }

    @Test
    public void aSpecWithoutDatabaseReadsBackWithout() throws Exception {
        Path dir = tmp.getRoot().toPath();
        WorkerSpec spec = spec(dir, Optional.empty());
        Path file = dir.resolve("worker.properties");
        spec.write(file);
        assertEquals(Optional.empty(), WorkerSpec.read(file).database());
    }

    @Test
    public void theDatabaseSettingsNeverPrintThePassword() {
        String text = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/app", "app", "s3cret", 4, 60_000, 300_000)
                .toString();
        assertFalse(text, text.contains("s3cret"));
        assertTrue(text, text.contains("user=app"));
    }

    @Test
    public void missingKeyIsNamedWithTheFile() throws Exception {
        Path file = tmp.newFile("w.properties").toPath();
        Files.writeString(file, "generation=1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerSpec.read(file));
        assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": missing key '"));
    }

    @Test
    public void malformedNumberIsNamed() throws Exception {
        Path file = tmp.newFile("w.properties").toPath();
        Files.writeString(file, "listeners=\ngeneration=x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerSpec.read(file));
        assertTrue(e.getMessage(), e.getMessage().contains("key 'generation'"));
    }

    @Test
    public void aSpecWithoutListenersReadsBackWithout() throws Exception {
        Path dir = tmp.getRoot().toPath();
        WorkerSpec full = spec(dir, Optional.empty());
        WorkerSpec spec = new WorkerSpec(full.generation(), full.controlSocket(), full.runDir(), full.systemDir(),
                full.bundlesDir(), full.cacheDir(), List.of(), full.engine(), full.database(), full.logLevel());
        Path file = dir.resolve("worker.properties");
        spec.write(file);
        assertEquals(List.of(), WorkerSpec.read(file).listeners());
        assertEquals(spec, WorkerSpec.read(file));
    }
}
