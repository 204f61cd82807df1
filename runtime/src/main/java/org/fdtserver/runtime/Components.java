package org.fdtserver.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Reads what SCR knows about the Declarative Services components of the bundle set, from its
 * {@code ServiceComponentRuntime} DTOs: the components whose activation failed (a constructor,
 * activate method or reference bind that threw), and the protocol handler components with the
 * listeners they name.
 *
 * <p>The runtime lives outside the framework, on the class path, and the DS API is a bundle
 * inside it; exporting that API from the system bundle would also drag the promise API onto the
 * class path and give SCR a second copy to wire to. So the DTOs are read by reflection through
 * the interface as SCR's own bundle sees it: a few public methods and public fields of a
 * specified, stable API (OSGi Compendium, Declarative Services 1.4+).
 */
final class Components {

    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    static final String DESCRIPTION = "org.osgi.service.component.runtime.dto.ComponentDescriptionDTO";
    /** {@code ComponentConfigurationDTO.FAILED_ACTIVATION}. */
    static final int FAILED_ACTIVATION = 16;
    /** Longest reason reported; a stack trace is cut to its exception lines anyway. */
    static final int MAX_REASON = 2000;
    /** {@code org.fdtserver.api.ProtocolHandler}: a bundle inside the framework, so named here, not linked. */
    static final String HANDLER_SERVICE = "org.fdtserver.api.ProtocolHandler";
    /** {@code ProtocolHandler.LISTENER}, the component property naming the listener(s) a handler serves. */
    static final String LISTENER_PROPERTY = "fdt.listener";

    /**
     * What SCR knows now.
     *
     * @param failures one line per component configuration that failed to activate:
     *     {@code component <name> of <bundle> <version> failed to activate: <exception>}
     * @param handlers every protocol handler component, whatever its state
     */
    record Snapshot(List<String> failures, List<HandlerCoverage.Offer> handlers) {
    }

    private final BundleContext context;

    Components(BundleContext context) {
        this.context = context;
    }

    /**
     * @return the failures and handler components; both empty when SCR is not running
     * @throws IllegalStateException if SCR's DTOs cannot be read (a DS implementation older than 1.4)
     */
    Snapshot read() {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return new Snapshot(List.of(), List.of());
        }
        Object scr = context.getService(ref);
        if (scr == null) {
            return new Snapshot(List.of(), List.of());
        }
        try {
            return read(ref.getBundle(), scr);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the component DTOs of " + ref.getBundle() + ": " + e, e);
        } finally {
            context.ungetService(ref);
        }
    }

    private static Snapshot read(Bundle scrBundle, Object scr) throws ReflectiveOperationException {
        Class<?> api = scrBundle.loadClass(SCR);
        Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
        Method configurations = api.getMethod("getComponentConfigurationDTOs", scrBundle.loadClass(DESCRIPTION));
        List<String> failures = new ArrayList<>();
        List<HandlerCoverage.Offer> handlers = new ArrayList<>();
        for (Object d : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
            Object bundle = field(d, "bundle");
            String owner = field(bundle, "symbolicName") + " " + field(bundle, "version");
            for (Object c : (Collection<?>) configurations.invoke(scr, d)) {
                if (c.getClass().getField("state").getInt(c) == FAILED_ACTIVATION) {
                    failures.add("component " + field(d, "name") + " of " + owner + " failed to activate: "
                            + exceptionLines((String) field(c, "failure")));
                }
            }
            if (Arrays.asList((String[]) field(d, "serviceInterfaces")).contains(HANDLER_SERVICE)) {
                // The description's own properties: known as soon as the bundle is active, whatever the component waits for.
                Object listeners = ((Map<?, ?>) field(d, "properties")).get(LISTENER_PROPERTY);
                handlers.add(new HandlerCoverage.Offer((String) field(d, "name"), owner, HandlerCoverage.listenerNames(listeners)));
            }
        }
        return new Snapshot(failures, handlers);
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    /**
     * Keeps a stack trace's exception lines (the first and each "Caused by"), on one line.
     *
     * @param trace the stack trace SCR recorded, or null
     * @return the exceptions, joined by " caused by "
     */
    static String exceptionLines(String trace) {
        if (trace == null || trace.isBlank()) {
            return "no reason recorded (see the worker's log)";
        }
        List<String> lines = new ArrayList<>();
        for (String line : trace.split("\\R")) {
            String l = line.strip();
            if (lines.isEmpty() && !l.isEmpty()) {
                lines.add(l);
            } else if (l.startsWith("Caused by: ")) {
                lines.add(l.substring("Caused by: ".length()));
            }
        }
        String text = String.join(" caused by ", lines);
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }
}
