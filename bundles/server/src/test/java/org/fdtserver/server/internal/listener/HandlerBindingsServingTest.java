package org.fdtserver.server.internal.listener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import io.netty.channel.ChannelPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.server.internal.LogCapture;
import org.junit.Rule;
import org.junit.Test;

/** Which handler serves which listener, and what the operator is told about it. */
public class HandlerBindingsServingTest {

    private static final String ALPHA = Alpha.class.getName();
    private static final String ZED = Zed.class.getName();

    @Rule
    public LogCapture log = new LogCapture(HandlerBindings.class);

    @Test
    public void tellsTheOperatorWhatEachHandlerServesAndWhatItCannot() {
        Map<String, ListenerSlot> slots = slots("a", "b");
        HandlerBindings bindings = new HandlerBindings(slots);
        bindings.bind(new Alpha(), Map.of(ProtocolHandler.LISTENER, "a"));
        bindings.bind(new Zed(), Map.of(ProtocolHandler.LISTENER, "b", ProtocolHandler.NON_BLOCKING, "true"));
        bindings.bind(new Zed(), Map.of(ProtocolHandler.LISTENER, "a"));
        bindings.bind(new Alpha(), Map.of());
        assertEquals(List.of(
                "INFO listener a: handler " + ALPHA + " bound",
                "INFO listener b: handler " + ZED + " bound (non-blocking: runs on the I/O threads)",
                "WARNING listener a has 2 protocol handlers: " + ALPHA + " and " + ZED + "; a listener takes one",
                "WARNING protocol handler " + ALPHA + " names no listener (service property " + ProtocolHandler.LISTENER
                        + "); it serves nothing"), log.lines());
    }

    @Test
    public void aSpareThatNamesTheListenerStepsInWhenItsHandlerLeaves() {
        Map<String, ListenerSlot> slots = slots("x");
        HandlerBindings bindings = new HandlerBindings(slots);
        Alpha serving = new Alpha();
        Zed spare = new Zed();
        bindings.bind(serving, Map.of(ProtocolHandler.LISTENER, "x"));
        bindings.bind(spare, Map.of(ProtocolHandler.LISTENER, "x"));
        log.lines().clear();
        bindings.unbind(serving);
        assertSame(spare, slots.get("x").handler());
        assertEquals(ListenerState.HANDLER_BOUND, slots.get("x").state());
        assertEquals(List.of("INFO listener x: handler " + ZED + " bound in place of the one that left"), log.lines());
    }

    @Test
    public void aListenerWithoutAHandlerIsNamedBeforeAnyListenerOpens() {
        HandlerBindings bindings = new HandlerBindings(slots("a", "b"));
        bindings.bind(new Alpha(), Map.of(ProtocolHandler.LISTENER, "a"));
        assertEquals("listeners without a protocol handler: [b (WAITING_FOR_HANDLER)]",
                assertThrows(IllegalStateException.class, bindings::checkEveryListenerServed).getMessage());
    }

    @Test
    public void rivalHandlersAreNamedInTheSameOrderEveryTime() {
        // Bound in the other order, and many times over: the bindings keep handlers by identity,
        // so only sorting gives every worker and every run the same line.
        for (int i = 0; i < 32; i++) {
            HandlerBindings bindings = new HandlerBindings(slots("a"));
            bindings.bind(new Zed(), Map.of(ProtocolHandler.LISTENER, "a"));
            bindings.bind(new Alpha(), Map.of(ProtocolHandler.LISTENER, "a"));
            assertEquals(List.of("listener a has 2 protocol handlers: " + ALPHA + " and " + ZED + "; a listener takes one"),
                    bindings.problems());
        }
    }

    private static Map<String, ListenerSlot> slots(String... names) {
        Map<String, ListenerSlot> slots = new LinkedHashMap<>();
        for (String name : names) {
            slots.put(name, new ListenerSlot(new ListenerSpec(name, "127.0.0.1", 1, ListenerSpec.BIND_HERE)));
        }
        return slots;
    }

    /** A handler that does nothing; only its class name shows. */
    private static class Alpha implements ProtocolHandler {
        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        }

        @Override
        public void handle(Connection connection, Object message) {
        }
    }

    /** Another, whose name sorts after {@link Alpha}'s. */
    private static final class Zed extends Alpha {
    }
}
