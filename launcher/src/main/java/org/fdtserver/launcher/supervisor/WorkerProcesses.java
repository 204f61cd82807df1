package org.fdtserver.launcher.supervisor;

import java.io.IOException;
import java.util.Optional;
import org.fdtserver.launcher.posix.ExitStatus;

/** What the supervisor needs from the operating system about its workers; tests substitute a fake. */
public interface WorkerProcesses {

    /**
     * Starts a worker JVM with its generation's JVM options, spec file and listening sockets.
     *
     * @param workerId the worker's id, {@code generation.slot}
     * @param plan the worker's generation
     * @return the worker's pid
     * @throws IOException if it cannot be started
     */
    long spawn(String workerId, GenerationPlan plan) throws IOException;

    /**
     * Reaps one child if it has exited, without blocking.
     *
     * @param pid the child
     * @return how it ended, or empty while it runs
     */
    Optional<ExitStatus> poll(long pid);

    /**
     * Sends SIGTERM, which a worker takes as DRAIN.
     *
     * @param pid the child
     */
    void terminate(long pid);

    /**
     * Sends SIGKILL.
     *
     * @param pid the child
     */
    void kill(long pid);
}
