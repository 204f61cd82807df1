package org.fdtserver.server.internal.listener;

import io.netty.channel.Channel;
import java.util.function.Function;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured listener: its protocol handler, its server channel, and its {@link ListenerState},
 * which changes only in {@link #moveTo}. Not thread-safe: the engine calls it under its lock.
 */
public final class ListenerSlot {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSlot.class);

    private final ListenerSpec spec;
    private volatile ListenerState state = ListenerState.WAITING_FOR_HANDLER;
    private ProtocolHandler handler;
    private boolean nonBlocking;
    private Channel channel;

    /** @param spec the configured listener; it waits for a handler */
    public ListenerSlot(ListenerSpec spec) {
        this.spec = spec;
    }

    /** @return the configured listener */
    public ListenerSpec spec() {
        return spec;
    }

    /** @return where the listener stands; read without the engine's lock, so the field is volatile */
    public ListenerState state() {
        return state;
    }

    ProtocolHandler handler() {
        return handler;
    }

    /** @return whether the bound handler declared {@link ProtocolHandler#NON_BLOCKING} */
    boolean nonBlocking() {
        return nonBlocking;
    }

    /**
     * Takes a handler if the listener has none and is not closed.
     *
     * @param candidateNonBlocking whether the handler may run on the event loop
     * @return whether the handler was taken
     */
    boolean bind(ProtocolHandler candidate, boolean candidateNonBlocking) {
        if (state != ListenerState.WAITING_FOR_HANDLER) {
            return false;
        }
        handler = candidate;
        nonBlocking = candidateNonBlocking;
        moveTo(ListenerState.HANDLER_BOUND, "a protocol handler names it");
        return true;
    }

    /**
     * Lets go of a handler that is going away. Before accepting, the listener waits for another;
     * while accepting, it closes, because the connections it would accept have no handler.
     *
     * @return whether this was the listener's handler
     */
    boolean unbind(ProtocolHandler leaving) {
        if (handler != leaving) {
            return false;
        }
        if (state == ListenerState.ACCEPTING) {
            LOG.warn("listener {} {}: its protocol handler went away; closing the listener", spec.name(), spec.address());
            close("its protocol handler went away");
        } else if (state == ListenerState.HANDLER_BOUND) {
            handler = null;
            moveTo(ListenerState.WAITING_FOR_HANDLER, "its protocol handler went away before it accepted");
        }
        return true;
    }

    /**
     * Opens the listener's server channel with the given opener, once; a failed open leaves the
     * state as it was and rethrows.
     *
     * @throws IllegalStateException if the listener has no handler or is closed
     */
    public void open(Function<ListenerSlot, Channel> opener) {
        if (state == ListenerState.ACCEPTING) {
            return;
        }
        if (state != ListenerState.HANDLER_BOUND) {
            throw new IllegalStateException("listener " + spec.name() + " cannot accept: it is " + state);
        }
        channel = opener.apply(this);
        moveTo(ListenerState.ACCEPTING, "its server channel is open");
    }

    /**
     * Closes this worker's copy of the socket, if open; other processes' copies keep accepting.
     *
     * @param why the reason, for the log
     */
    public void close(String why) {
        if (state == ListenerState.CLOSED) {
            return;
        }
        if (channel != null) {
            channel.close();
        }
        moveTo(ListenerState.CLOSED, why);
    }

    /**
     * The one place the state changes; the caller holds the engine's lock, so no other move races it.
     * Package-private so a test can show that an illegal move (a bug in this class) is refused.
     */
    void moveTo(ListenerState next, String why) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("listener " + spec.name() + " cannot move " + state + " -> " + next + ": " + why);
        }
        LOG.debug("listener {} {} -> {}: {}", spec.name(), state, next, why);
        state = next;
    }
}
