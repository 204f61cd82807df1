package org.fdtserver.launcher.supervisor;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the launcher stops, and with which exit code: a graceful stop drains every worker; a fast stop halts them; a second request only escalates. The launcher
 * exits 1 when its first generation never got ready, else 0.
 */
final class ShutdownEscalation {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownEscalation.class);

    /** How far the launcher is in stopping; each level only goes up. */
    enum Level { NONE, GRACEFUL, HALT }

    private final WorkerRegistry registry;
    private final WorkerProcesses processes;
    private final LongSupplier clock;
    private final Runnable onFirstStop;
    private Level level = Level.NONE;
    private int exitCode;

    /** @param onFirstStop run once when stopping begins: close the listening sockets, no more reloads */
    ShutdownEscalation(WorkerRegistry registry, WorkerProcesses processes, LongSupplier clock, Runnable onFirstStop) {
        this.registry = registry;
        this.processes = processes;
        this.clock = clock;
        this.onFirstStop = onFirstStop;
    }

    boolean stopping() {
        return level != Level.NONE;
    }

    /** @return true once stopping and every worker has exited */
    boolean finished() {
        return stopping() && registry.allExited();
    }

    int exitCode() {
        return exitCode;
    }

    /** @return how it stops, for {@code fdtserver status}: empty, or {@code " stopping (graceful)"} */
    String describe() {
        return stopping() ? " stopping (" + level.name().toLowerCase(Locale.ROOT) + ")" : "";
    }

    /** The first generation never got ready and nothing serves: halt, exit 1. */
    void failedToStart() {
        exitCode = 1;
        stop(false);
    }

    /** Stops accepting at once, then drains (graceful) or halts every worker; repeated calls only escalate. */
    void stop(boolean graceful) {
        Level wanted = graceful ? Level.GRACEFUL : Level.HALT;
        if (level.compareTo(wanted) >= 0) {
            LOG.info("already stopping ({})", level);
            return;
        }
        if (level == Level.NONE) {
            onFirstStop.run();
        }
        level = wanted;
        for (Generation g : registry.generations()) {
            if (g.state() == GenerationState.SERVING) {
                g.moveTo(GenerationState.DRAINING, graceful ? "graceful stop" : "fast stop");
            } else if (g.state() == GenerationState.STARTING) {
                g.moveTo(GenerationState.ABORTED, "stopped before it was ready");
            }
            for (Worker w : g.alive()) {
                if (graceful && g.state() != GenerationState.ABORTED) {
                    w.askToDrain(clock.getAsLong(), processes);
                } else {
                    w.askToHalt(clock.getAsLong(), processes);
                }
            }
        }
    }
}
