package org.fdtserver.launcher.database;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Signal;
import org.fdtserver.launcher.posix.NativePosix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server process the way its documentation orders the signals: SIGINT (fast
 * shutdown: roll back sessions, write a checkpoint, exit), then SIGQUIT (immediate shutdown: the
 * next start replays the WAL, nothing committed is lost), then SIGKILL, each after a deadline.
 */
final class ProcessStopper {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStopper.class);
    private static final List<Signal> ESCALATION = List.of(Signal.SIGINT, Signal.SIGQUIT, Signal.SIGKILL);

    private ProcessStopper() {
    }

    /**
     * @param process the server process (a child, or any process the launcher's user may signal)
     * @param fast how long the fast shutdown may take
     * @param then how long each later signal is given
     */
    static void stop(ProcessHandle process, Duration fast, Duration then) {
        Duration wait = fast;
        for (Signal signal : ESCALATION) {
            if (!process.isAlive()) {
                return;
            }
            if (signal != Signal.SIGINT) {
                LOG.warn("PostgreSQL (pid {}) is still running {} ms after the last signal; {}", process.pid(),
                        wait.toMillis(), signal.name());
                wait = then;
            }
            NativePosix.get().kill((int) process.pid(), signal.intValue());
            exited(process, wait);
        }
    }

    /**
     * Waits, uninterruptibly, for a process to end.
     *
     * @param process the process
     * @param wait the longest wait
     * @return whether it ended in time
     */
    static boolean exited(ProcessHandle process, Duration wait) {
        return process.onExit().thenApply(p -> true).completeOnTimeout(false, wait.toMillis(), TimeUnit.MILLISECONDS).join();
    }
}
