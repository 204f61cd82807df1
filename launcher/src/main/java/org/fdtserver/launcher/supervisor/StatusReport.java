package org.fdtserver.launcher.supervisor;

import java.util.ArrayList;
import java.util.List;

/** Formats the answers to {@code CLI workers} and {@code CLI status}. */
final class StatusReport {

    private StatusReport() {
    }

    /** @return one line per running worker: {@code <id> <pid> <state> <generation>} */
    static List<String> workers(List<Generation> generations) {
        List<String> lines = new ArrayList<>();
        for (Generation g : generations) {
            for (Worker w : g.alive()) {
                lines.add(w.id() + " " + w.pid + " " + w.state() + " " + g.number);
            }
        }
        return lines;
    }

    /**
     * @return the launcher, the last reload's result, each generation with its bundle set (or
     *     the reason it was aborted), and each running worker with its last STATUS
     */
    static List<String> status(long startedAtMillis, long nowMillis, String stopping, List<Generation> generations,
            ReloadResult lastReload, boolean reloadPending) {
        List<String> lines = new ArrayList<>();
        lines.add("launcher pid " + ProcessHandle.current().pid() + " uptime " + seconds(nowMillis - startedAtMillis)
                + stopping);
        lines.add("last reload: " + (lastReload == null ? "none" : lastReload.describe())
                + (reloadPending ? "; another reload waits for the starting generation" : ""));
        for (Generation g : generations) {
            lines.add("generation " + g.number + " " + g.state() + " workers " + g.alive().size() + "/" + g.size()
                    + " uptime " + seconds(nowMillis - g.startedAtMillis));
            lines.add("  bundles " + String.join(", ", g.plan.bundles()));
            if (g.abortReason() != null) {
                lines.add("  reason " + g.abortReason());
            }
            for (Worker w : g.alive()) {
                lines.add("  worker " + w.id() + " pid " + w.pid + " " + w.state() + " connections " + w.connections()
                        + " busy " + w.busyThreads() + "/" + w.poolThreads() + " uptime " + seconds(nowMillis - w.startedAtMillis));
            }
        }
        return lines;
    }

    private static String seconds(long millis) {
        return (millis / 1000) + "s";
    }
}
