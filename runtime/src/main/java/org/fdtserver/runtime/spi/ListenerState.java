package org.fdtserver.runtime.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a listener of the server engine stands. Its lifecycle:
 *
 * <pre>
 * WAITING_FOR_HANDLER → HANDLER_BOUND → ACCEPTING → CLOSED
 *          ↑                 │
 *          └─────────────────┘  (the handler left before the listener accepted)
 * </pre>
 *
 * and from WAITING_FOR_HANDLER or HANDLER_BOUND straight to CLOSED (the worker drains or stops
 * before accepting). CLOSED is the end.
 */
public enum ListenerState {
    /** No protocol handler names this listener yet. */
    WAITING_FOR_HANDLER,
    /** A handler is bound; the engine accepts once told to. */
    HANDLER_BOUND,
    /** Accepting connections. */
    ACCEPTING,
    /** This worker's copy of the socket is closed (draining, stopped or failed). */
    CLOSED;

    private Set<ListenerState> successors;

    static {
        WAITING_FOR_HANDLER.successors = EnumSet.of(HANDLER_BOUND, CLOSED);
        HANDLER_BOUND.successors = EnumSet.of(WAITING_FOR_HANDLER, ACCEPTING, CLOSED);
        ACCEPTING.successors = EnumSet.of(CLOSED);
        CLOSED.successors = EnumSet.noneOf(ListenerState.class);
    }

    /**
     * @param next the state to move to
     * @return whether the lifecycle allows a move from this state to {@code next}
     * @since 2.0
     */
    public boolean canMoveTo(ListenerState next) {
        return successors.contains(next);
    }
}
