package org.fdtserver.server.internal.listener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.junit.Test;

public class ListenerSlotTest {

    private final ListenerSlot slot = new ListenerSlot(new ListenerSpec("echo", "127.0.0.1", 7000, ListenerSpec.BIND_HERE));
    private final ProtocolHandler first = new NamedHandler();
    private final ProtocolHandler second = new NamedHandler();

    @Test
    public void takesTheFirstHandlerOnly() {
        assertTrue(slot.bind(first, false));
        assertFalse(slot.bind(second, false));
        assertSame(first, slot.handler());
        assertEquals(ListenerState.HANDLER_BOUND, slot.state());
    }

    @Test
    public void waitsAgainWhenItsHandlerLeavesBeforeAccepting() {
        slot.bind(first, false);
        assertFalse("not its handler", slot.unbind(second));
        assertTrue(slot.unbind(first));
        assertEquals(ListenerState.WAITING_FOR_HANDLER, slot.state());
        assertNull(slot.handler());
        assertTrue(slot.bind(second, false));
    }

    @Test
    public void cannotOpenWithoutAHandler() {
        try {
            slot.open(s -> new EmbeddedChannel());
            fail("opened without a handler");
        } catch (IllegalStateException expected) {
            assertEquals(ListenerState.WAITING_FOR_HANDLER, slot.state());
        }
    }

    @Test
    public void aFailedOpenKeepsTheHandlerBound() {
        slot.bind(first, false);
        try {
            slot.open(s -> {
                throw new IllegalStateException("address in use");
            });
            fail("open did not fail");
        } catch (IllegalStateException expected) {
            assertEquals(ListenerState.HANDLER_BOUND, slot.state());
        }
    }

    @Test
    public void closesItsChannelWhenTheHandlerLeavesWhileAccepting() {
        EmbeddedChannel channel = new EmbeddedChannel();
        slot.bind(first, false);
        slot.open(s -> channel);
        slot.open(s -> {
            throw new AssertionError("opened twice");
        });
        assertEquals(ListenerState.ACCEPTING, slot.state());
        slot.unbind(first);
        assertEquals(ListenerState.CLOSED, slot.state());
        assertFalse(channel.isOpen());
        assertFalse("a closed listener takes no handler", slot.bind(second, false));
    }

    @Test
    public void closeIsIdempotent() {
        slot.close("test");
        slot.close("test");
        assertEquals(ListenerState.CLOSED, slot.state());
    }

    private static final class NamedHandler implements ProtocolHandler {
        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        }

        @Override
        public void handle(Connection connection, Object message) {
        }
    }

    @Test
    public void anIllegalMoveIsRefusedAndNamesTheListenerAndTheMove() {
        slot.close("worker draining");
        IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class,
                () -> slot.moveTo(ListenerState.ACCEPTING, "its server channel is open"));
        assertEquals("listener echo cannot move CLOSED -> ACCEPTING: its server channel is open", e.getMessage());
        assertEquals(ListenerState.CLOSED, slot.state());
    }
}
