package org.fdtserver.server.internal.connection;

import io.netty.util.ReferenceCountUtil;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.server.internal.execution.ConnectionExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol handler's calls for one connection, each guarded: a failing {@code connected} or
 * {@code handle} closes the connection, and the rest of what the client sent is dropped. The
 * connection's executor runs them one at a time.
 */
final class HandlerCalls implements ConnectionExecutor.Messages {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerCalls.class);

    private final ChannelConnection connection;
    private final ProtocolHandler handler;
    private final ListenerConnections listener;
    private volatile boolean failed;

    HandlerCalls(ChannelConnection connection, ListenerConnections listener) {
        this.connection = connection;
        this.handler = listener.handler();
        this.listener = listener;
    }

    void connected() {
        try {
            handler.connected(connection);
        } catch (RuntimeException e) {
            fail("connected() failed", e);
        }
    }

    /** Asks a non-blocking handler whether this message needs the pool; a failing answer sends it there. */
    @Override
    public boolean blocks(Object message) {
        try {
            return handler.blocks(message);
        } catch (RuntimeException e) {
            LOG.warn("blocks() failed on {}; handling the message on the pool", listener.listener(), e);
            return true;
        }
    }

    /** Handles a message inside the work interceptors; after a failure the rest has no meaning and is dropped. */
    @Override
    public void handle(Object message) {
        if (!connection.within(() -> handleWithin(message))) {
            ReferenceCountUtil.release(message); // the work never ran to release it
        }
    }

    private void handleWithin(Object message) {
        try {
            if (!failed) {
                handler.handle(connection, message);
            }
        } catch (Exception e) {
            fail("handle() failed", e);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    void draining() {
        if (!connection.channel().isOpen()) {
            return;
        }
        try {
            handler.draining(connection);
        } catch (Exception e) {
            connection.close("draining() failed: " + e);
        }
    }

    void disconnected() {
        try {
            handler.disconnected(connection);
        } catch (RuntimeException e) {
            LOG.warn("disconnected() failed for connection {} on {}", connection.id(), listener.listener(), e);
        }
    }

    private void fail(String what, Exception e) {
        failed = true;
        String name = listener.listener();
        listener.warnings().warn(LOG, "closing connections on " + name + ": " + what + ": " + e.getClass().getName(),
                "closing connection {} on {} from {}: {}", connection.id(), name, connection.remoteAddress(), what, e);
        connection.closeLogged();
    }
}
