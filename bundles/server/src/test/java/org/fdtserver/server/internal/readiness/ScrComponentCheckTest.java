package org.fdtserver.server.internal.readiness;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.junit.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;

/**
 * The worker's readiness check as SCR and the engine drive it: the problems that keep a worker
 * from ever serving, reported once asked for, as soon as SCR shows them.
 */
public class ScrComponentCheckTest {

    /** What the fake SCR reports now: each description with its configurations. */
    private final Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> components = new LinkedHashMap<>();
    private final ServiceComponentRuntime scr = (ServiceComponentRuntime) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ServiceComponentRuntime.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getComponentDescriptionDTOs" -> new ArrayList<>(components.keySet());
                case "getComponentConfigurationDTOs" -> components.get((ComponentDescriptionDTO) args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });
    private final ScrComponentCheck check = new ScrComponentCheck();

    public ScrComponentCheckTest() {
        check.bindScr(scr);
    }

    @Test
    public void aFailureSeenAfterTheAskIsReportedWhenScrAnnouncesIt() {
        ComponentDescriptionDTO greeter = description("org.example.Greeter", "greet");
        components.put(greeter, List.of(configuration(ComponentConfigurationDTO.ACTIVE, null)));
        CompletableFuture<List<String>> problems = check.problems().toCompletableFuture();
        assertFalse("nothing wrong yet", problems.isDone());
        components.put(greeter, List.of(configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                "java.lang.IllegalStateException: no greeting")));
        check.componentsChanged(scr);
        assertEquals("the answer asked for before", List.of("component org.example.Greeter of org.example.b 1.0.0 failed to activate: "
                + "java.lang.IllegalStateException: no greeting"), problems.getNow(null));
        assertEquals("and to each ask after", problems.getNow(null), check.problems().toCompletableFuture().getNow(null));
    }

    @Test
    public void aFailureThereBeforeTheAskIsReportedAtOnce() {
        components.put(description("org.example.Greeter", "greet"), List.of(configuration(
                ComponentConfigurationDTO.FAILED_ACTIVATION, "java.lang.IllegalStateException: no greeting")));
        check.componentsChanged(scr); // not asked yet: SCR's announcements are not looked at
        assertEquals(List.of("component org.example.Greeter of org.example.b 1.0.0 failed to activate: "
                + "java.lang.IllegalStateException: no greeting"), check.problems().toCompletableFuture().getNow(null));
    }

    @Test
    public void aWaitingListenerThatNoComponentNamesIsReportedWithTheLikelyTypo() throws Exception {
        components.put(description("org.example.Greeter", "greet", "gret"), List.of(
                configuration(ComponentConfigurationDTO.ACTIVE, null)));
        engine(Map.of("greet", ListenerState.ACCEPTING, "ledger", ListenerState.WAITING_FOR_HANDLER));
        assertEquals(List.of(
                "listener ledger has no protocol handler, and no component of the bundle set names it in its "
                        + ProtocolHandler.LISTENER + " property",
                "component org.example.Greeter of org.example.b 1.0.0 names listener gret, which is not configured "
                        + "(listeners: greet, ledger)"),
                check.problems().toCompletableFuture().getNow(null));
    }

    @Test
    public void aListenerThatHasItsHandlerIsNoProblemWhoeverRegisteredIt() throws Exception {
        engine(Map.of("greet", ListenerState.ACCEPTING)); // a handler registered without DS: no component names it
        assertFalse(check.problems().toCompletableFuture().isDone());
    }

    /** Binds the engine as DS does, into the optional reference's field. */
    private void engine(Map<String, ListenerState> listeners) throws ReflectiveOperationException {
        Map<String, ListenerState> ordered = new LinkedHashMap<>();
        listeners.keySet().stream().sorted().forEach(name -> ordered.put(name, listeners.get(name)));
        ServingEngine engine = (ServingEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServingEngine.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "listeners" -> ordered;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Field field = ScrComponentCheck.class.getDeclaredField("engine");
        field.setAccessible(true);
        field.set(check, engine);
    }

    private static ComponentDescriptionDTO description(String name, String... listeners) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.bundle = new BundleDTO();
        d.bundle.symbolicName = "org.example.b";
        d.bundle.version = "1.0.0";
        d.serviceInterfaces = new String[] {ProtocolHandler.class.getName()};
        d.properties = Map.of(ProtocolHandler.LISTENER, listeners);
        d.references = new ReferenceDTO[0];
        return d;
    }

    private static ComponentConfigurationDTO configuration(int state, String failure) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.failure = failure;
        return c;
    }
}
