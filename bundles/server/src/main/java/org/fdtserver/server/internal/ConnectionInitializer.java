package org.fdtserver.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.ProtocolHandler;

/**
 * Assembles a new connection's pipeline: idle timer, frame timer, the protocol's codec, then the
 * dispatcher. Shared by a listener's connections; holds no per-connection state.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final String listener;
    private final ProtocolHandler handler;
    private final CodecContext codecContext;
    private final long idleTimeoutMillis;
    private final Executor pool;
    private final ConnectionTracker tracker;
    private final boolean nonBlocking;
    private final WorkInterceptors interceptors;
    private final long frameTimeoutMillis;
    private final WarningThrottle warnings;

    /**
     * @param pool the listener's share of the worker's pool
     * @param frameTimeoutMillis how long a frame may take to arrive whole; 0 = no limit
     */
    ConnectionInitializer(String listener, ProtocolHandler handler, int maxFrameLength, long idleTimeoutMillis,
            long frameTimeoutMillis, Executor pool, ConnectionTracker tracker, boolean nonBlocking,
            WorkInterceptors interceptors, WarningThrottle warnings) {
        this.interceptors = interceptors;
        this.frameTimeoutMillis = frameTimeoutMillis;
        this.warnings = warnings;
        this.listener = listener;
        this.handler = handler;
        this.codecContext = new ListenerCodecContext(listener, maxFrameLength);
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.pool = pool;
        this.tracker = tracker;
        this.nonBlocking = nonBlocking;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (idleTimeoutMillis > 0) {
            pipeline.addLast("fdt-idle", new IdleStateHandler(0, 0, idleTimeoutMillis, TimeUnit.MILLISECONDS));
        }
        FrameTimeout frames = null;
        if (frameTimeoutMillis > 0) {
            frames = new FrameTimeout(frameTimeoutMillis);
            pipeline.addLast("fdt-frame", frames);
        }
        handler.initCodec(pipeline, codecContext);
        pipeline.addLast("fdt-dispatch",
                new ConnectionHandler(listener, handler, pool, tracker, nonBlocking, interceptors, warnings, frames));
    }
}
