package org.fdtserver.launcher.supervisor;

import java.util.function.LongSupplier;
import org.fdtserver.launcher.control.ControlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers the command line on the control socket ({@code CLI <command>}), then closes the connection. */
final class ControlCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ControlCommands.class);

    private final WorkerRegistry registry;
    private final ReloadCoordinator reloads;
    private final ShutdownEscalation shutdown;
    private final LongSupplier clock;
    private final long startedAtMillis;

    ControlCommands(WorkerRegistry registry, ReloadCoordinator reloads, ShutdownEscalation shutdown, LongSupplier clock) {
        this.registry = registry;
        this.reloads = reloads;
        this.shutdown = shutdown;
        this.clock = clock;
        this.startedAtMillis = clock.getAsLong();
    }

    /** @param command {@code workers}, {@code status}, {@code await-reload}, {@code stop} or {@code halt} */
    void handle(ControlConnection from, String command) {
        String verb = command.trim();
        switch (verb) {
            case "workers" -> StatusReport.workers(registry.generations()).forEach(from::sendLine);
            case "status" -> StatusReport.status(startedAtMillis, clock.getAsLong(), shutdown.describe(),
                    registry.generations(), reloads.lastResult(), reloads.pending()).forEach(from::sendLine);
            case "await-reload" -> {
                // Stays open until the reload ends, unless the launcher is stopping.
                reloads.await(from);
                return;
            }
            case "stop" -> {
                from.sendLine("stopping");
                LOG.info("stop requested on the control socket");
                shutdown.stop(true);
            }
            case "halt" -> {
                from.sendLine("halting");
                LOG.info("fast stop requested");
                shutdown.stop(false);
            }
            default -> from.sendLine("error: unknown command '" + verb + "' (workers, status, await-reload, stop, halt)");
        }
        from.close();
    }
}
