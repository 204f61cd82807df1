package org.fdtserver.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fdtserver.api.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline: hands each decoded message to the application on
 * the connection's serial executor and holds reading back while too many wait. One per channel.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    /** Above this many queued messages the connection stops reading. */
    static final int HIGH_WATER = 64;
    /** At or below this many it reads again; the gap keeps it from toggling on every message. */
    static final int LOW_WATER = 16;

    private final String listener;
    private final ProtocolHandler handler;
    private final Executor pool;
    private final ConnectionTracker tracker;
    private final WorkInterceptors interceptors;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean readPaused = new AtomicBoolean();
    private ChannelConnection connection;
    private volatile boolean failed;

    ConnectionHandler(String listener, ProtocolHandler handler, Executor pool, ConnectionTracker tracker) {
        this(listener, handler, pool, tracker, new WorkInterceptors());
    }

    ConnectionHandler(String listener, ProtocolHandler handler, Executor pool, ConnectionTracker tracker,
            WorkInterceptors interceptors) {
        this.interceptors = interceptors;
        this.listener = listener;
        this.handler = handler;
        this.pool = pool;
        this.tracker = tracker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ChannelConnection conn = new ChannelConnection(
                tracker.nextId(), listener, ctx.channel(), handler, new SerialExecutor(pool), interceptors);
        if (!tracker.admit(conn, () -> conn.execute(() -> connected(conn)))) {
            LOG.warn("refusing connection on {} from {}: the worker already holds its maximum of connections",
                    listener, ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        connection = conn;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection == null) {
            ReferenceCountUtil.release(msg); // refused connection, closing
            return;
        }
        if (queued.incrementAndGet() > HIGH_WATER && readPaused.compareAndSet(false, true)) {
            ctx.channel().config().setAutoRead(false);
            resumeIfCaughtUp(); // the pool may have emptied the queue before the pause was set
        }
        connection.execute(() -> dispatch(msg));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChannelConnection conn = connection;
        if (conn != null) {
            // disconnected() runs inside the interceptors; closed() after it, outside them.
            conn.execute(() -> disconnected(conn));
            conn.serial().execute(() -> closed(conn));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // A connection whose request is still being handled is busy, not idle.
            if (connection != null && queued.get() == 0) {
                connection.close("idle timeout");
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Clients resetting or vanishing is ordinary network weather, not a server fault.
            LOG.info("closing connection on {} from {}: {}", listener, ctx.channel().remoteAddress(), cause.toString());
        } else {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            LOG.warn("closing connection on {} from {}: {}", listener, ctx.channel().remoteAddress(), reason.toString());
        }
        ctx.close();
    }

    private void connected(ChannelConnection conn) {
        try {
            handler.connected(conn);
        } catch (RuntimeException e) {
            fail(conn, "connected() failed", e);
        }
    }

    private void dispatch(Object msg) {
        ChannelConnection conn = connection;
        try {
            // After a failure the rest of what the client sent has no meaning; it is dropped.
            if (!failed) {
                conn.enterHandle();
                handler.handle(conn, msg);
            }
        } catch (Exception e) {
            fail(conn, "handle() failed", e);
        } finally {
            ReferenceCountUtil.release(msg);
            conn.exitHandle();
            queued.decrementAndGet();
            resumeIfCaughtUp();
        }
    }

    private void disconnected(ChannelConnection conn) {
        try {
            handler.disconnected(conn);
        } catch (RuntimeException e) {
            LOG.warn("disconnected() failed for connection {} on {}", conn.id(), listener, e);
        }
    }

    private void closed(ChannelConnection conn) {
        try {
            conn.closedForInterceptors();
        } finally {
            conn.discard();
            tracker.remove(conn);
        }
    }

    private void fail(ChannelConnection conn, String what, Exception e) {
        failed = true;
        LOG.warn("closing connection {} on {} from {}: {}", conn.id(), listener, conn.remoteAddress(), what, e);
        conn.closeLogged();
    }

    private void resumeIfCaughtUp() {
        if (queued.get() <= LOW_WATER && readPaused.compareAndSet(true, false)) {
            connection.channel().config().setAutoRead(true);
        }
    }
}
