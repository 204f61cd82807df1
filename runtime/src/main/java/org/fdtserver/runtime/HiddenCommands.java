package org.fdtserver.runtime;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Hides Gogo commands a worker must not offer from every bundle, with the framework's service
 * hooks. Registered before any bundle starts, so the Gogo runtime never sees them and no shell
 * session can call them.
 *
 * <p>Today one: {@code telnetd} of the Gogo shell bundle (which also gives the shell its
 * formatting, {@code grep}, {@code each} and the other built-ins, so the bundle stays). It would
 * serve the shell, unauthenticated, on a TCP port that any local user can reach; the shell is
 * only ever on the worker's owner-only Unix socket.
 */
final class HiddenCommands implements FindHook, EventListenerHook {

    /** The hidden command names, in any scope. */
    static final Set<String> HIDDEN = Set.of("telnetd");

    private static final String FUNCTION = "osgi.command.function";

    private HiddenCommands() {
    }

    /**
     * @param system the system bundle's context, before any bundle starts
     */
    static void register(BundleContext system) {
        system.registerService(new String[] {FindHook.class.getName(), EventListenerHook.class.getName()},
                new HiddenCommands(), null);
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        references.removeIf(HiddenCommands::hidden);
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        if (hidden(event.getServiceReference())) {
            listeners.clear();
        }
    }

    /** A command service whose functions (one name, or an array of names) include a hidden one. */
    private static boolean hidden(ServiceReference<?> reference) {
        Object functions = reference.getProperty(FUNCTION);
        String[] names = functions instanceof String[] array ? array : new String[] {String.valueOf(functions)};
        return Arrays.stream(names).anyMatch(HIDDEN::contains);
    }
}
