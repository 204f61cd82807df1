package org.fdtserver.server.internal.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.fdtserver.api.CodecContext;

/**
 * Assembles a new connection's pipeline: idle timer, frame timer, the protocol's codec, then the
 * dispatcher. Shared by a listener's connections; holds no per-connection state.
 */
public final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final ListenerConnections listener;
    private final CodecContext codecContext;
    private final long idleTimeoutMillis;
    private final long frameTimeoutMillis;

    /**
     * @param listener what the listener's connections share
     * @param limits the frame length and the idle and frame timeouts
     */
    public ConnectionInitializer(ListenerConnections listener, FrameLimits limits) {
        this.listener = listener;
        this.codecContext = new ListenerCodecContext(listener.listener(), limits.maxFrameLength());
        this.idleTimeoutMillis = limits.idleTimeoutMillis();
        this.frameTimeoutMillis = limits.frameTimeoutMillis();
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
        listener.handler().initCodec(pipeline, codecContext);
        pipeline.addLast("fdt-dispatch", new ConnectionHandler(listener, frames));
    }
}
