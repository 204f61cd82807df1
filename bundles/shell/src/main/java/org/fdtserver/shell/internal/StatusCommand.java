package org.fdtserver.shell.internal;

import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.fdtserver.runtime.spi.WorkerContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code fdt:status} shell command: this worker's identity, listeners, connections and threads. */
@Component(
        service = StatusCommand.class,
        property = {"osgi.command.scope=fdt", "osgi.command.function=status"})
public final class StatusCommand {

    private final WorkerContext context;

    /** Optional, so that the command still answers on a worker whose engine failed to start. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServingEngine engine;

    /**
     * @param context the worker this shell runs in
     */
    @Activate
    public StatusCommand(@Reference(name = "workerContext") WorkerContext context) {
        this.context = context;
    }

    /** @return one line per fact, label first */
    @Descriptor("shows this worker's id, generation, pid, listeners, connections and threads")
    public String status() {
        ServingEngine current = engine;
        StringBuilder out = new StringBuilder();
        line(out, "worker", context.workerId());
        line(out, "generation", String.valueOf(context.generation()));
        line(out, "pid", String.valueOf(ProcessHandle.current().pid()));
        Map<String, ListenerState> states = current == null ? Map.of() : current.listeners();
        for (ListenerSpec spec : context.listeners()) {
            ListenerState state = states.get(spec.name());
            line(out, "listener", spec.name() + " " + spec.address() + " " + (state == null ? "UNKNOWN" : state));
        }
        if (current == null) {
            line(out, "engine", "not running");
        } else {
            line(out, "connections", String.valueOf(current.openConnections()));
            line(out, "threads", "busy " + current.busyThreads() + " / " + current.poolThreads());
        }
        out.setLength(out.length() - 1); // the shell ends the result with its own newline
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-12s", label)).append(value).append('\n');
    }
}
