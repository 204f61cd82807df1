package org.fdtserver.runtime.protocol;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a worker of one generation needs to boot, and the generation's whole configuration:
 * written by the launcher as a properties file ({@link SpecFile}) under the owner-only run
 * directory, read by the worker runtime, which writes the configuration to Config Admin before any
 * application bundle starts. The worker's own id comes on its command line.
 *
 * @param generation the generation number
 * @param controlSocket the launcher's control socket the worker reports to
 * @param runDir the run directory, where the worker's shell socket goes
 * @param systemDir the directory of system bundles
 * @param bundlesDir this generation's immutable snapshot of application bundles
 * @param cacheDir the parent of the workers' Felix bundle caches
 * @param listeners the listeners, with the fd each worker inherits them on
 * @param engine the server engine's settings
 * @param database the database of connection-bound transactions; empty when transactions are off
 * @param logLevel the JUL level name for the worker's root logger
 */
public record WorkerSpec(
        long generation,
        Path controlSocket,
        Path runDir,
        Path systemDir,
        Path bundlesDir,
        Path cacheDir,
        List<ListenerBinding> listeners,
        EngineSettings engine,
        Optional<DatabaseSettings> database,
        String logLevel) {

    /** System property carrying the spec file's path to a worker. */
    public static final String SPEC_PROPERTY = "fdt.worker.spec";
    /** System property carrying the worker's id ({@code generation.index}). */
    public static final String ID_PROPERTY = "fdt.worker.id";
    /** The first fd a worker inherits listeners on; listener i arrives on {@code FIRST_LISTENER_FD + i}. */
    public static final int FIRST_LISTENER_FD = 3;

    /** Freezes the list. */
    public WorkerSpec {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(database, "database");
    }

    /**
     * @param workerId the worker's id
     * @return the Unix socket path of that worker's Gogo shell
     */
    public Path shellSocket(String workerId) {
        return RunLayout.shellSocket(runDir, workerId);
    }

    /**
     * Writes the spec as a properties file.
     *
     * @param file where to write
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        SpecFile.write(this, file);
    }

    /**
     * Reads a spec written by {@link #write}.
     *
     * @param file the spec file
     * @return the spec
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException naming the key that is missing or malformed
     */
    public static WorkerSpec read(Path file) throws IOException {
        return SpecFile.read(file);
    }
}
