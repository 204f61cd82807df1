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

    /** @return the launcher, each generation, and each running worker with its last STATUS */
    static List<String> status(long startedAtMillis, long nowMillis, String stop, List<Generation> generations) {
        List<String> lines = new ArrayList<>();
        lines.add("launcher pid " + ProcessHandle.current().pid() + " uptime " + seconds(nowMillis - startedAtMillis)
                + (stop.equals("NONE") ? "" : " stopping (" + stop.toLowerCase(java.util.Locale.ROOT) + ")"));
        for (Generation g : generations) {
            lines.add("generation " + g.number + " " + g.state() + " workers " + g.alive().size() + "/" + g.size()
                    + " uptime " + seconds(nowMillis - g.startedAtMillis));
            for (Worker w : g.alive()) {
                lines.add("  worker " + w.id() + " pid " + w.pid + " " + w.state() + " connections " + w.connections
                        + " busy " + w.busyThreads + "/" + w.poolThreads + " uptime " + seconds(nowMillis - w.startedAtMillis));
            }
        }
        return lines;
    }

    private static String seconds(long millis) {
        return (millis / 1000) + "s";
    }
}
