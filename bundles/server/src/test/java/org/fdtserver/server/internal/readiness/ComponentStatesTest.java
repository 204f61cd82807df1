package org.fdtserver.server.internal.readiness;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.fdtserver.api.ProtocolHandler;
import org.junit.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** What the operator is told about the bundle set's components, from SCR's DTOs as SCR fills them. */
public class ComponentStatesTest {

    @Test
    public void namesTheFailedComponentWithItsExceptionsAndWhatTheOthersWaitFor() {
        ComponentDescriptionDTO greeter = description("org.example.Greeter", ProtocolHandler.class.getName());
        greeter.properties = Map.of(ProtocolHandler.LISTENER, "greet");
        ComponentDescriptionDTO ledger = description("org.example.Ledger", ProtocolHandler.class.getName());
        ledger.properties = Map.of(ProtocolHandler.LISTENER, new String[] {"ledger"});
        ReferenceDTO dataSource = new ReferenceDTO();
        dataSource.name = "dataSource";
        dataSource.interfaceName = "javax.sql.DataSource";
        ledger.references = new ReferenceDTO[] {dataSource};
        ComponentDescriptionDTO seeder = description("org.example.Seeder", "java.lang.Runnable");
        seeder.configurationPid = new String[] {"org.example.seeder"};
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> configurations = Map.of(
                greeter, List.of(configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                        "java.lang.IllegalStateException: wrapped\n\tat a.b(C.java:1)\nCaused by: java.lang.RuntimeException: v2 refuses\n\tat d.e(F.java:2)")),
                ledger, List.of(unsatisfied("dataSource")),
                seeder, List.of(configuration(ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION, null),
                        configuration(ComponentConfigurationDTO.ACTIVE, null)));

        ComponentStates states = ComponentStates.read(List.of(greeter, ledger, seeder), configurations::get);

        assertEquals(List.of("component org.example.Greeter of org.example.b 1.0.0 failed to activate: "
                + "java.lang.IllegalStateException: wrapped caused by java.lang.RuntimeException: v2 refuses"), states.failures());
        assertEquals(List.of(
                "component org.example.Ledger of org.example.b 1.0.0 waits for its reference dataSource (javax.sql.DataSource)",
                "component org.example.Seeder of org.example.b 1.0.0 waits for its configuration org.example.seeder"),
                states.waiting());
        assertEquals(List.of(new HandlerCoverage.Offer("org.example.Greeter", "org.example.b 1.0.0", List.of("greet")),
                new HandlerCoverage.Offer("org.example.Ledger", "org.example.b 1.0.0", List.of("ledger"))), states.handlers());
    }

    @Test
    public void aFailureWithoutATraceSaysWhereToLookAndALongOneIsCut() {
        assertEquals("no reason recorded (see the worker's log)", ComponentStates.exceptionLines(null));
        assertEquals("no reason recorded (see the worker's log)", ComponentStates.exceptionLines(" "));
        String cut = ComponentStates.exceptionLines("x".repeat(ComponentStates.MAX_REASON + 10));
        assertEquals(ComponentStates.MAX_REASON + 3, cut.length());
    }

    @Test
    public void theCheckReportsWhatTheComponentsWaitForAsSeenByScrNow() {
        ComponentDescriptionDTO seeder = description("org.example.Seeder", "java.lang.Runnable");
        seeder.configurationPid = new String[] {"org.example.seeder"};
        ServiceComponentRuntime scr = (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getComponentDescriptionDTOs" -> List.of(seeder);
                    case "getComponentConfigurationDTOs" -> List.of(configuration(
                            ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION, null));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ScrComponentCheck check = new ScrComponentCheck();
        check.bindScr(scr);
        assertEquals(List.of("component org.example.Seeder of org.example.b 1.0.0 waits for its configuration org.example.seeder"),
                check.waiting());
    }

    @Test
    public void aComponentWaitingForItsSecondReferenceIsToldWhichServiceThatOneAsksFor() {
        ComponentDescriptionDTO ledger = description("org.example.Ledger", "java.lang.Runnable");
        ReferenceDTO dataSource = new ReferenceDTO();
        dataSource.name = "dataSource";
        dataSource.interfaceName = "javax.sql.DataSource";
        ReferenceDTO clock = new ReferenceDTO();
        clock.name = "clock";
        clock.interfaceName = "java.time.InstantSource";
        ledger.references = new ReferenceDTO[] {dataSource, clock};
        ComponentStates states = ComponentStates.read(List.of(ledger), d -> List.of(unsatisfied("clock")));
        assertEquals(List.of("component org.example.Ledger of org.example.b 1.0.0 waits for its reference clock (java.time.InstantSource)"),
                states.waiting());
    }

    @Test
    public void aReasonOfExactlyTheLongestLengthIsKeptWhole() {
        String longest = "x".repeat(ComponentStates.MAX_REASON);
        assertEquals(longest, ComponentStates.exceptionLines(longest));
    }

    private static ComponentDescriptionDTO description(String name, String service) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.bundle = new BundleDTO();
        d.bundle.symbolicName = "org.example.b";
        d.bundle.version = "1.0.0";
        d.serviceInterfaces = new String[] {service};
        d.properties = Map.of();
        d.references = new ReferenceDTO[0];
        return d;
    }

    private static ComponentConfigurationDTO configuration(int state, String failure) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.failure = failure;
        return c;
    }

    private static ComponentConfigurationDTO unsatisfied(String reference) {
        ComponentConfigurationDTO c = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null);
        UnsatisfiedReferenceDTO r = new UnsatisfiedReferenceDTO();
        r.name = reference;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {r};
        return c;
    }
}
