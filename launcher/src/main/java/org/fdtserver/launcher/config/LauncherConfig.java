package org.fdtserver.launcher.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fdtserver.runtime.protocol.EngineSettings;
import org.fdtserver.runtime.protocol.RunLayout;

/**
 * The launcher's validated configuration; paths are already absolute.
 *
 * @param file the file it was read from
 * @param workers worker JVMs per generation, 0 meaning one per core
 * @param threads application pool size per worker
 * @param ioThreads Netty event loops per worker
 * @param gracefulTimeout how long draining workers may finish connections
 * @param readyTimeout how long a generation may take to become ready
 * @param maxFrameLength longest frame a codec accepts
 * @param idleTimeout idle connection timeout, zero for never
 * @param maxConnections connections per worker at most
 * @param frameTimeout how long a started frame may take to arrive whole, zero for no limit
 * @param logLevel java.util.logging level name
 * @param listeners the listeners in configuration order
 * @param jvmOptions options for each worker JVM
 * @param java the worker's java executable
 * @param runDir pid file, control socket, generation snapshots
 * @param logDir log files
 * @param dataDir persistent data, including the Felix caches
 * @param bundlesDir application bundles to snapshot
 * @param classCache whether workers start from a class-data archive the first of them records
 */
public record LauncherConfig(
        Path file,
        int workers,
        int threads,
        int ioThreads,
        Duration gracefulTimeout,
        Duration readyTimeout,
        int maxFrameLength,
        Duration idleTimeout,
        int maxConnections,
        Duration frameTimeout,
        String logLevel,
        List<ListenerConfig> listeners,
        List<String> jvmOptions,
        Path java,
        Path runDir,
        Path logDir,
        Path dataDir,
        Path bundlesDir,
        boolean classCache) {

    /** Freezes the lists. */
    public LauncherConfig {
        listeners = List.copyOf(listeners);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** @return the number of workers to run, resolving 0 to the number of cores */
    public int effectiveWorkers() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }

    /** @return the settings the workers' server engine takes */
    public EngineSettings engineSettings() {
        return new EngineSettings(threads, ioThreads, maxFrameLength, idleTimeout.toMillis(),
                maxConnections, gracefulTimeout.toMillis(), frameTimeout.toMillis());
    }

    /** @return the pid file */
    public Path pidFile() {
        return RunLayout.pidFile(runDir);
    }

    /** @return where the workers' class-data archives are kept */
    public Path classCacheDir() {
        return dataDir.resolve("class-cache");
    }

    /** @return the control socket */
    public Path controlSocket() {
        return RunLayout.controlSocket(runDir);
    }
}
