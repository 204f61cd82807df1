package org.fdtserver.server.internal.readiness;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.fdtserver.server.internal.readiness.HandlerCoverage.Offer;
import org.junit.Test;

/** When a listener waiting for its protocol handler will never get one, and what the operator is told. */
public class HandlerCoverageTest {

    private static final List<String> CONFIGURED = List.of("echo", "http", "greet");

    @Test
    public void aListenerThatNoComponentNamesCannotBeServedAndTheHandlersNamingOtherListenersAreTheSuspects() {
        List<Offer> offers = List.of(
                new Offer("org.example.Echo", "org.example.echo 1.0.0", List.of("echo")),
                new Offer("org.example.Greeter", "org.example.greeter 2.0.0", List.of("gret")),
                new Offer("org.example.Ledger", "org.example.ledger 1.0.0", List.of("ledger", "http")));
        assertEquals(List.of(
                "listener greet has no protocol handler, and no component of the bundle set names it in its fdt.listener property",
                "component org.example.Greeter of org.example.greeter 2.0.0 names listener gret, which is not configured (listeners: echo, http, greet)",
                "component org.example.Ledger of org.example.ledger 1.0.0 names listener ledger, which is not configured (listeners: echo, http, greet)"),
                HandlerCoverage.unservable(CONFIGURED, List.of("http", "greet"), offers));
    }

    @Test
    public void aListenerThatAComponentNamesMayStillGetItsHandler() {
        // The component may wait for a reference (the ledger's DataSource), so only the ready timeout can tell.
        List<Offer> offers = List.of(new Offer("org.example.Greeter", "org.example.greeter 1.0.0", List.of("greet")),
                new Offer("org.example.Extra", "org.example.extra 1.0.0", List.of("extra")));
        assertEquals(List.of(), HandlerCoverage.unservable(CONFIGURED, List.of("greet"), offers));
        assertEquals("extra handlers serve nothing, and harm nothing", List.of(),
                HandlerCoverage.unservable(CONFIGURED, List.of(), offers));
    }

    @Test
    public void withNoHandlerComponentAtAllTheListenerIsNamedAlone() {
        assertEquals(List.of("listener greet has no protocol handler, and no component of the bundle set names it in its fdt.listener property"),
                HandlerCoverage.unservable(CONFIGURED, List.of("greet"), List.of()));
    }

    @Test
    public void readsTheListenerPropertyInEveryFormADtoHolds() {
        assertEquals(List.of("a"), HandlerCoverage.listenerNames("a"));
        assertEquals(List.of("a", "b"), HandlerCoverage.listenerNames(new String[] {"a", "b"}));
        assertEquals(List.of(), HandlerCoverage.listenerNames(null));
    }
}
