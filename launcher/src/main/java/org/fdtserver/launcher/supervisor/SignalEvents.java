package org.fdtserver.launcher.supervisor;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/** Installs the launcher's signal handlers, each of which only posts an event. */
public final class SignalEvents {

    /** The signals the launcher handles. */
    public static final List<String> SIGNALS = List.of("TERM", "INT", "QUIT", "HUP", "TTIN", "TTOU");

    private SignalEvents() {
    }

    /**
     * @param events where each handler posts
     * @return the signals the JVM refused (QUIT: HotSpot keeps it for thread dumps), each with the reason
     */
    public static List<String> install(Events events) {
        List<String> refused = new ArrayList<>();
        for (String name : SIGNALS) {
            try {
                // No logging or locking in the handler: it runs on the JVM's signal thread.
                Signal.handle(new Signal(name), s -> events.post(new Event.SignalReceived(s.getName())));
            } catch (IllegalArgumentException e) {
                refused.add(name + " (" + e.getMessage() + ")");
            }
        }
        return refused;
    }
}
