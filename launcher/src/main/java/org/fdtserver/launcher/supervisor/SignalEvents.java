package org.fdtserver.launcher.supervisor;

import java.util.List;
import sun.misc.Signal;

/**
 * Installs the launcher's signal handlers, each of which only posts an event. QUIT is not among
 * them: HotSpot keeps it for its thread dump and refuses to hand it over, so QUIT prints the
 * launcher's threads and the fast stop is {@code fdtserver stop --now}.
 */
public final class SignalEvents {

    /** The signals the launcher handles. */
    public static final List<String> SIGNALS = List.of("TERM", "INT", "HUP", "TTIN", "TTOU");

    private SignalEvents() {
    }

    /**
     * @param events where each handler posts
     * @throws IllegalArgumentException if the JVM refuses one of them (it keeps none of these for itself)
     */
    public static void install(Events events) {
        for (String name : SIGNALS) {
            // No logging or locking in the handler: it runs on the JVM's signal thread.
            Signal.handle(new Signal(name), s -> events.post(new Event.SignalReceived(s.getName())));
        }
    }
}
