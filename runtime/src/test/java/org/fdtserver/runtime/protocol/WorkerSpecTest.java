package org.fdtserver.runtime.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ServerSettings;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WorkerSpecTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void writesAndReadsBackEverything() throws Exception {
        Path dir = tmp.getRoot().toPath();
        WorkerSpec spec = new WorkerSpec(7, dir.resolve("control.sock"), dir, dir.resolve("system"),
                dir.resolve("gen/bundles"), dir.resolve("cache"),
                List.of(new ListenerSpec("echo", "127.0.0.1", 7000, 3), new ListenerSpec("http", "::1", 8080, 4),
                        new ListenerSpec("own", "127.0.0.1", 8081, ListenerSpec.BIND_HERE, true, 3, 40)),
                new ServerSettings(8, 2, 1024, 5000, 100, 30000, 2500), "FINE");
        Path file = dir.resolve("worker.properties");
        spec.write(file);
        assertEquals(spec, WorkerSpec.read(file));
        assertEquals(dir.resolve("shell-7.1.sock"), spec.shellSocket("7.1"));
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
        assertTrue(e.getMessage(), e.getMessage().contains("key 'threads'") || e.getMessage().contains("key 'generation'"));
    }
}
