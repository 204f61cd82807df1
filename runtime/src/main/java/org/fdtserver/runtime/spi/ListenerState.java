package org.fdtserver.runtime.spi;

/** Where a listener of the server engine stands; it only moves down this list. */
public enum ListenerState {
    /** No protocol handler names this listener yet. */
    WAITING_FOR_HANDLER,
    /** A handler is bound; the engine accepts once told to. */
    HANDLER_BOUND,
    /** Accepting connections. */
    ACCEPTING,
    /** This worker's copy of the socket is closed (draining, stopped or failed). */
    CLOSED
}
