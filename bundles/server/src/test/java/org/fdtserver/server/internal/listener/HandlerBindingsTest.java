package org.fdtserver.server.internal.listener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** How a handler service's properties are read. */
public class HandlerBindingsTest {

    @Test
    public void readsTheNonBlockingPropertyInEveryForm() {
        assertTrue(HandlerBindings.isNonBlocking(Boolean.TRUE));
        assertTrue(HandlerBindings.isNonBlocking("true"));
        assertFalse(HandlerBindings.isNonBlocking(Boolean.FALSE));
        assertFalse(HandlerBindings.isNonBlocking("yes"));
        assertFalse(HandlerBindings.isNonBlocking(null));
    }

    @Test
    public void readsTheListenerPropertyInEveryForm() {
        assertEquals(List.of("a"), HandlerBindings.listenerNames("a"));
        assertEquals(List.of("a", "b"), HandlerBindings.listenerNames(new String[] {"a", "b"}));
        assertEquals(List.of("a", "b"), HandlerBindings.listenerNames(List.of("a", "b")));
        assertEquals(List.of(), HandlerBindings.listenerNames(null));
    }
}
