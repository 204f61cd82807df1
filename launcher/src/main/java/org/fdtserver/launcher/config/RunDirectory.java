package org.fdtserver.launcher.config;

import java.nio.file.Path;
import java.time.Duration;
import org.fdtserver.runtime.protocol.RunLayout;

/**
 * What the command line needs to reach a running launcher: its run directory, which holds the pid
 * file, the control socket and the workers' shell sockets, and how long its stops and reloads take.
 *
 * @param dir the run directory
 * @param gracefulTimeout how long a graceful stop may take
 * @param readyTimeout how long a new generation may take to get ready
 */
public record RunDirectory(Path dir, Duration gracefulTimeout, Duration readyTimeout) {

    /**
     * @param config a valid configuration
     * @return its run directory and timeouts
     */
    public static RunDirectory of(LauncherConfig config) {
        return new RunDirectory(config.runDir(), config.gracefulTimeout(), config.readyTimeout());
    }

    /** @return the launcher's pid file */
    public Path pidFile() {
        return RunLayout.pidFile(dir);
    }

    /** @return the launcher's control socket */
    public Path controlSocket() {
        return RunLayout.controlSocket(dir);
    }

    /**
     * @param workerId a worker's id, {@code generation.slot}
     * @return that worker's shell socket
     */
    public Path shellSocket(String workerId) {
        return RunLayout.shellSocket(dir, workerId);
    }
}
