package org.fdtserver.runtime.spi;

import static org.fdtserver.runtime.spi.ListenerState.ACCEPTING;
import static org.fdtserver.runtime.spi.ListenerState.CLOSED;
import static org.fdtserver.runtime.spi.ListenerState.HANDLER_BOUND;
import static org.fdtserver.runtime.spi.ListenerState.WAITING_FOR_HANDLER;
import static org.junit.Assert.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The listener lifecycle's table: every legal move, and every other refused. */
public class ListenerStateTest {

    private static final Map<ListenerState, Set<ListenerState>> LEGAL = Map.of(
            WAITING_FOR_HANDLER, EnumSet.of(HANDLER_BOUND, CLOSED),
            HANDLER_BOUND, EnumSet.of(WAITING_FOR_HANDLER, ACCEPTING, CLOSED),
            ACCEPTING, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(ListenerState.class));

    @Test
    public void movesOnlyAlongTheLifecycle() {
        for (ListenerState from : ListenerState.values()) {
            for (ListenerState to : ListenerState.values()) {
                assertEquals(from + " -> " + to, LEGAL.get(from).contains(to), from.canMoveTo(to));
            }
        }
    }
}
