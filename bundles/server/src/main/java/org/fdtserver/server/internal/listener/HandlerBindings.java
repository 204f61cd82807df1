package org.fdtserver.server.internal.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerState;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the bound protocol handler services to the configured listeners: the first handler that
 * names a listener serves it, the others are kept as spares that step in when it leaves. Not
 * thread-safe: the engine calls it under its lock.
 */
public final class HandlerBindings {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerBindings.class);

    /** Every configured listener by name, in configuration order; the keys never change. */
    private final Map<String, ListenerSlot> slots;
    /** Every bound handler service and the listeners it names, so a spare can step in. */
    private final Map<ProtocolHandler, List<String>> handlers = new IdentityHashMap<>();
    /** The bound handlers that declared {@link ProtocolHandler#NON_BLOCKING}. */
    private final Set<ProtocolHandler> nonBlocking = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param slots every configured listener by name */
    public HandlerBindings(Map<String, ListenerSlot> slots) {
        this.slots = slots;
    }

    /**
     * Takes a handler service: it serves each configured listener it names that has no handler
     * yet. A handler that names a listener that already has one is kept as a spare, and is one of
     * the {@link #problems()} while both are bound; one that names a listener that is not
     * configured serves nothing there, which is logged (a bundle set may offer more listeners
     * than a configuration serves; the runtime fails a worker whose configured listener no
     * component offers to serve).
     *
     * @param properties the service's properties
     */
    public void bind(ProtocolHandler handler, Map<String, Object> properties) {
        List<String> names = listenerNames(properties.get(ProtocolHandler.LISTENER));
        if (names.isEmpty()) {
            LOG.warn("protocol handler {} names no listener (service property {}); it serves nothing",
                    origin(handler), ProtocolHandler.LISTENER);
        }
        handlers.put(handler, names);
        if (isNonBlocking(properties.get(ProtocolHandler.NON_BLOCKING))) {
            nonBlocking.add(handler);
        }
        for (String name : names) {
            ListenerSlot slot = slots.get(name);
            if (slot == null) {
                LOG.warn("protocol handler {} names listener {}, which is not configured (listeners: {}); it serves nothing there",
                        origin(handler), name, String.join(", ", slots.keySet()));
            } else if (slot.bind(handler, nonBlocking.contains(handler))) {
                LOG.info("listener {}: handler {} bound{}", name, origin(handler),
                        slot.nonBlocking() ? " (non-blocking: runs on the I/O threads)" : "");
            } else {
                twoHandlers(name).ifPresent(LOG::warn);
            }
        }
    }

    /** Lets a handler service go; a spare steps in where it served a listener that does not accept yet. */
    public void unbind(ProtocolHandler handler) {
        List<String> names = handlers.remove(handler);
        nonBlocking.remove(handler);
        for (String name : names == null ? List.<String>of() : names) {
            ListenerSlot slot = slots.get(name);
            if (slot != null && slot.unbind(handler) && slot.state() == ListenerState.WAITING_FOR_HANDLER) {
                bindSpare(slot);
            }
        }
    }

    /** @return one line for each listener that more than one bound handler names */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        slots.keySet().forEach(name -> twoHandlers(name).ifPresent(problems::add));
        return problems;
    }

    /**
     * @throws IllegalStateException naming the listeners, if one has no handler or more than one
     */
    public void checkEveryListenerServed() {
        List<String> waiting = new ArrayList<>();
        slots.forEach((name, slot) -> {
            if (slot.state() != ListenerState.HANDLER_BOUND && slot.state() != ListenerState.ACCEPTING) {
                waiting.add(name + " (" + slot.state() + ")");
            }
        });
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("listeners without a protocol handler: " + waiting);
        }
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cannot accept: " + String.join("; ", problems));
        }
    }

    private void bindSpare(ListenerSlot slot) {
        String name = slot.spec().name();
        for (Map.Entry<ProtocolHandler, List<String>> entry : handlers.entrySet()) {
            if (entry.getValue().contains(name) && slot.bind(entry.getKey(), nonBlocking.contains(entry.getKey()))) {
                LOG.info("listener {}: handler {} bound in place of the one that left", name, origin(entry.getKey()));
                return;
            }
        }
    }

    /** @return the problem of a listener that more than one bound handler names, if it has one */
    private Optional<String> twoHandlers(String listener) {
        List<String> rivals = new ArrayList<>();
        handlers.forEach((handler, names) -> {
            if (names.contains(listener)) {
                rivals.add(origin(handler));
            }
        });
        if (rivals.size() < 2) {
            return Optional.empty();
        }
        rivals.sort(null);
        return Optional.of("listener " + listener + " has " + rivals.size() + " protocol handlers: "
                + String.join(" and ", rivals) + "; a listener takes one");
    }

    /** Names a handler for the operator: its class and the bundle that holds it (the class alone outside a framework). */
    static String origin(ProtocolHandler handler) {
        String type = handler.getClass().getName();
        Bundle bundle = FrameworkUtil.getBundle(handler.getClass());
        return bundle == null ? type : type + " of bundle " + bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    /** The {@value ProtocolHandler#NON_BLOCKING} property: a Boolean, or a string as DS writes {@code name=value}. */
    static boolean isNonBlocking(Object property) {
        return Boolean.TRUE.equals(property) || "true".equals(property);
    }

    /** The {@value ProtocolHandler#LISTENER} property as a list: one name, or several. */
    static List<String> listenerNames(Object property) {
        if (property instanceof String) {
            return List.of((String) property);
        }
        if (property instanceof String[]) {
            return List.of((String[]) property);
        }
        if (property instanceof Collection) {
            List<String> names = new ArrayList<>();
            ((Collection<?>) property).forEach(name -> names.add(String.valueOf(name)));
            return names;
        }
        return List.of();
    }
}
