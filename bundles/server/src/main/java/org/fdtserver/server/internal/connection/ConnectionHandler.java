package org.fdtserver.server.internal.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline: admits the connection and hands its events to it,
 * whose executor decides where each call runs. When the client shuts down its sending side, the
 * messages received so far are handled and answered, then the connection closes. One per channel.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ListenerConnections listener;
    /** The connection's frame timer before the codec, or null when frames have no time limit. */
    private final FrameTimeout frames;
    /** The admitted connection; null before, and for good on a refused one. */
    private ChannelConnection connection;

    /**
     * @param listener what the listener's connections share
     * @param frames the connection's frame timer, told here of every decoded message; null for none
     */
    ConnectionHandler(ListenerConnections listener, FrameTimeout frames) {
        this.listener = listener;
        this.frames = frames;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ChannelConnection conn = listener.open(ctx.channel());
        // For a non-blocking handler connected() runs right here, inside the tracker's lock; it
        // declared that it does not block, and running it now keeps it ahead of draining().
        Optional<String> refused = listener.tracker().admit(conn, conn::opened);
        if (refused.isPresent()) {
            listener.warnings().warn(LOG, "refusing connections on " + listener.listener() + ": " + refused.get(),
                    "refusing connection on {} from {}: {}", listener.listener(), ctx.channel().remoteAddress(), refused.get());
            ctx.close();
            return;
        }
        connection = conn;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A refused connection reads nothing: channelActive closed it before Netty began reading.
        if (frames != null) {
            frames.frameDone();
        }
        connection.executor().read(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.executor().readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.inactive();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // A connection whose request is still being handled is busy, not idle.
            if (connection != null && !connection.executor().busy()) {
                connection.close("idle timeout");
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            if (frames != null) {
                frames.frameDone(); // nothing more can arrive, so no frame can be in progress
            }
            connection.inputShutdown();
        } else if (evt == FrameTimeout.EXPIRED) {
            listener.warnings().warn(LOG, "closing connections on " + listener.listener() + ": frame timeout",
                    "closing connection {} on {} from {}: frame timeout: a frame has been arriving for longer than the frame_timeout",
                    connection.id(), listener.listener(), ctx.channel().remoteAddress());
            connection.closeLogged();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Clients resetting or vanishing is ordinary network weather, not a server fault.
            LOG.info("closing connection on {} from {}: {}", listener.listener(), ctx.channel().remoteAddress(), cause.toString());
        } else {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            listener.warnings().warn(LOG, "closing connections on " + listener.listener() + ": " + reason.getClass().getName(),
                    "closing connection on {} from {}: {}", listener.listener(), ctx.channel().remoteAddress(), reason.toString());
        }
        ctx.close();
    }
}
