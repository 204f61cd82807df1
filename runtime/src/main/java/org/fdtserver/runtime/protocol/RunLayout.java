package org.fdtserver.runtime.protocol;

import java.nio.file.Path;

/**
 * The files of a launcher's run directory, one place for launcher, workers and the command line:
 * the pid file, the control socket, each worker's shell socket and each generation's directory.
 * The shell greeting lives here too, since the shell bundle and {@code fdtserver shell} must agree.
 */
public final class RunLayout {

    /**
     * What {@code fdtserver shell} sends first on a shell socket for an interactive session. A
     * compile-time constant: the shell bundle gets it inlined and imports nothing of this package.
     */
    public static final String SHELL_GREETING_INTERACTIVE = "fdt-shell 1 interactive";
    /** What a client sends first for a batch session (commands from standard input, no prompt). */
    public static final String SHELL_GREETING_BATCH = "fdt-shell 1 batch";

    private RunLayout() {
    }

    /** @return the launcher's pid file in {@code runDir} */
    public static Path pidFile(Path runDir) {
        return runDir.resolve("fdtserver.pid");
    }

    /** @return the launcher's control socket in {@code runDir} */
    public static Path controlSocket(Path runDir) {
        return runDir.resolve("control.sock");
    }

    /** @return the Unix socket of the Gogo shell of worker {@code workerId} ({@code generation.slot}) */
    public static Path shellSocket(Path runDir, String workerId) {
        return runDir.resolve("shell-" + workerId + ".sock");
    }

    /** @return the directory of generation {@code number}: its spec file and bundle snapshot */
    public static Path generationDir(Path runDir, long number) {
        return runDir.resolve("generations").resolve(Long.toString(number));
    }
}
