package org.fdtserver.launcher.supervisor;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TTIN and TTOU: one worker slot more or less in the newest serving generation, never below one. */
final class SlotScaling {

    private static final Logger LOG = LoggerFactory.getLogger(SlotScaling.class);

    private final WorkerRegistry registry;
    private final ShutdownEscalation shutdown;
    private final WorkerProcesses processes;

    SlotScaling(WorkerRegistry registry, ShutdownEscalation shutdown, WorkerProcesses processes) {
        this.registry = registry;
        this.shutdown = shutdown;
        this.processes = processes;
    }

    /** SIGTTIN: a new slot, whose worker is spawned on the next pass. */
    void grow() {
        serving("SIGTTIN").ifPresent(g -> {
            int slot = g.addSlot();
            LOG.info("SIGTTIN: generation {} grows to {} workers (slot {})", g.number, g.size(), slot);
        });
    }

    /** SIGTTOU: the highest slot goes; its worker drains. */
    void shrink(long nowMillis) {
        serving("SIGTTOU").ifPresent(g -> {
            if (g.size() <= 1) {
                LOG.warn("SIGTTOU: generation {} keeps its last worker", g.number);
                return;
            }
            Worker w = g.retireLastSlot();
            LOG.info("SIGTTOU: generation {} shrinks to {} workers{}", g.number, g.size(), w == null ? "" : "; draining " + w);
            if (w != null) {
                w.askToDrain(nowMillis, processes);
            }
        });
    }

    private Optional<Generation> serving(String signal) {
        Optional<Generation> g = shutdown.stopping() ? Optional.empty() : registry.newestServing();
        if (g.isEmpty()) {
            LOG.warn("{}: no generation serves{}; nothing changes", signal, shutdown.stopping() ? " (stopping)" : " yet");
        }
        return g;
    }
}
