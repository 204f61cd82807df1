package org.fdtserver.runtime;

import java.nio.file.Path;
import org.fdtserver.runtime.logging.ProcessLogging;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.fdtserver.runtime.protocol.WorkerSpec;

/**
 * Entry point of a worker JVM, started by the launcher with
 * {@code -Dfdt.worker.id=<generation>.<slot> -Dfdt.worker.spec=<file>} and its listening sockets
 * already open on fds 3, 4, ….
 *
 * <ol>
 *   <li>Read the generation's worker spec and set up tagged logging.</li>
 *   <li>Connect to the launcher's control socket and say HELLO.</li>
 *   <li>Boot Felix with the system bundles, then the generation's application bundles.</li>
 *   <li>Wait until every listener has its protocol handler, start accepting, report READY.</li>
 *   <li>Serve until asked to drain (DRAIN, TERM, INT, or the launcher disappearing).</li>
 *   <li>Drain: stop accepting, let connections finish, stop the framework, exit.</li>
 * </ol>
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /**
     * Runs the worker and exits with one of {@link ExitCodes}.
     *
     * @param args unused: the worker is configured by system properties
     */
    public static void main(String[] args) {
        System.exit(run(System.getProperty(WorkerSpec.ID_PROPERTY), System.getProperty(WorkerSpec.SPEC_PROPERTY)));
    }

    /**
     * The worker's life, apart from the exit, so that every path returns its code (the one line
     * left that never returns is the {@code System.exit} in {@link #main}).
     *
     * @return the exit code, one of {@link ExitCodes}
     */
    static int run(String id, String specFile) {
        if (id == null || specFile == null) {
            System.err.println("fdtserver worker: system properties " + WorkerSpec.ID_PROPERTY + " and "
                    + WorkerSpec.SPEC_PROPERTY + " are required; workers are started by the launcher");
            return ExitCodes.BOOT_FAILED;
        }
        WorkerSpec spec;
        try {
            spec = WorkerSpec.read(Path.of(specFile));
        } catch (Exception e) {
            System.err.println("fdtserver worker " + id + ": cannot read worker spec: " + e.getMessage());
            return ExitCodes.BOOT_FAILED;
        }
        ProcessLogging.configure("worker " + id, spec.logLevel());
        return new Worker(id, spec).run();
    }
}
