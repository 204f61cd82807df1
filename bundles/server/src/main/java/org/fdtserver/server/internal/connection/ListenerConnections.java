package org.fdtserver.server.internal.connection;

import io.netty.channel.Channel;
import java.util.concurrent.Executor;
import org.fdtserver.api.ProtocolHandler;

/**
 * What one listener's connections share: its name and handler, its share of the pool, and the
 * worker's connection tracker, interceptors and warning throttle.
 *
 * @param listener the listener's name
 * @param handler the listener's protocol handler
 * @param pool the listener's share of the worker's pool, which runs the calls that leave the event loop
 * @param nonBlocking whether the handler declared {@link ProtocolHandler#NON_BLOCKING}, so that its
 *     calls may run on the event loop
 * @param tracker the worker's open connections
 * @param interceptors run around every unit of work of a connection, on whichever thread runs it
 * @param warnings throttles the WARNING lines clients can cause
 */
public record ListenerConnections(String listener, ProtocolHandler handler, Executor pool, boolean nonBlocking,
        ConnectionTracker tracker, WorkInterceptors interceptors, WarningThrottle warnings) {

    /** @return a new connection over the channel, not yet admitted */
    ChannelConnection open(Channel channel) {
        return new ChannelConnection(tracker.nextId(), channel, this);
    }
}
