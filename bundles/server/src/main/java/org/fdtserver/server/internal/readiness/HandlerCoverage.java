package org.fdtserver.server.internal.readiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fdtserver.api.ProtocolHandler;

/**
 * Tells whether a listener still waiting for its protocol handler can ever get one, from the
 * handler components of the bundle set. Once every bundle is active, SCR knows every component
 * description; a listener that none of them names will wait for ever, and the likely cause is a
 * handler that names a listener which is not configured (a typo), so the reason names those.
 */
final class HandlerCoverage {

    /**
     * A protocol handler component as its description declares it.
     *
     * @param component the component's name
     * @param bundle the symbolic name and version of the bundle that declares it
     * @param listeners the listeners its {@code fdt.listener} property names
     */
    record Offer(String component, String bundle, List<String> listeners) {
    }

    private HandlerCoverage() {
    }

    /**
     * @param configured the worker's listeners
     * @param waiting the listeners that have no handler yet
     * @param offers every protocol handler component of the bundle set, whatever its state
     * @return why the worker can never serve: each waiting listener no component names, then each
     *     component naming a listener that is not configured; empty while every waiting listener
     *     may still get its handler (a component that names it waits for a reference, say)
     */
    static List<String> unservable(Collection<String> configured, Collection<String> waiting, List<Offer> offers) {
        List<String> reasons = new ArrayList<>();
        for (String listener : waiting) {
            if (offers.stream().noneMatch(o -> o.listeners().contains(listener))) {
                reasons.add("listener " + listener + " has no protocol handler, and no component of the bundle set names it"
                        + " in its " + ProtocolHandler.LISTENER + " property");
            }
        }
        if (reasons.isEmpty()) {
            return reasons;
        }
        for (Offer o : offers) {
            for (String listener : o.listeners()) {
                if (!configured.contains(listener)) {
                    reasons.add("component " + o.component() + " of " + o.bundle() + " names listener " + listener
                            + ", which is not configured (listeners: " + String.join(", ", configured) + ")");
                }
            }
        }
        return reasons;
    }

    /**
     * @param property the {@code fdt.listener} property as a DTO holds it: one name, several, or none
     * @return the names
     */
    static List<String> listenerNames(Object property) {
        if (property instanceof String) {
            return List.of((String) property);
        }
        if (property instanceof String[]) {
            return List.of((String[]) property);
        }
        return List.of();
    }
}
