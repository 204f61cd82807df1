package org.fdtserver.server.internal.readiness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.fdtserver.api.ProtocolHandler;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What SCR's DTOs say about the bundle set's Declarative Services components at one moment.
 *
 * @param failures one line per component configuration that failed to activate (a constructor,
 *     activate method or reference bind that threw):
 *     {@code component <name> of <bundle> <version> failed to activate: <exception>}
 * @param handlers every protocol handler component, whatever its state: its description's own
 *     properties are known as soon as its bundle is active, whatever the component waits for
 * @param waiting one line per service reference or configuration a component configuration waits for
 */
record ComponentStates(List<String> failures, List<HandlerCoverage.Offer> handlers, List<String> waiting) {

    /** Longest reason reported; a stack trace is cut to its exception lines anyway. */
    static final int MAX_REASON = 2000;

    /**
     * @param descriptions every component description SCR knows
     * @param configurations the configurations of one description
     * @return the states they show
     */
    static ComponentStates read(Collection<ComponentDescriptionDTO> descriptions,
            Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations) {
        ComponentStates states = new ComponentStates(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (ComponentDescriptionDTO d : descriptions) {
            configurations.apply(d).forEach(c -> states.add(d, c));
            if (Arrays.asList(d.serviceInterfaces).contains(ProtocolHandler.class.getName())) {
                states.handlers.add(new HandlerCoverage.Offer(d.name, owner(d),
                        HandlerCoverage.listenerNames(d.properties.get(ProtocolHandler.LISTENER))));
            }
        }
        return states;
    }

    private void add(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        String component = "component " + d.name + " of " + owner(d);
        switch (c.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                failures.add(component + " failed to activate: " + exceptionLines(c.failure));
                break;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                    waiting.add(component + " waits for its reference " + r.name + " (" + service(d, r.name) + ")");
                }
                break;
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                waiting.add(component + " waits for its configuration " + String.join(", ", d.configurationPid));
                break;
            default:
                break;
        }
    }

    private static String owner(ComponentDescriptionDTO d) {
        return d.bundle.symbolicName + " " + d.bundle.version;
    }

    /** The service interface a reference of the description asks for. */
    private static String service(ComponentDescriptionDTO d, String reference) {
        return Arrays.stream(d.references).filter(r -> r.name.equals(reference))
                .map(r -> r.interfaceName).findFirst().orElse("?");
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
