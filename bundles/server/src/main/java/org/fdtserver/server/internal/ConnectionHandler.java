package org.fdtserver.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fdtserver.api.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline: hands each decoded message to the application on
 * the connection's serial executor and holds reading back while too many wait. For a handler
 * registered as non-blocking it calls the application right here on the event loop instead,
 * unless the message blocks or earlier ones still wait on the pool, and flushes once per read.
 * When the client shuts down its sending side, the messages received so far are handled and
 * answered, then the connection closes. One per channel.
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
    private final boolean nonBlocking;
    private final WorkInterceptors interceptors;
    private final WarningThrottle warnings;
    /** The connection's frame timer before the codec, or null when frames have no time limit. */
    private final FrameTimeout frames;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean readPaused = new AtomicBoolean();
    private ChannelConnection connection;
    /** The connection's calls on the pool; for a non-blocking handler, {@code inline} puts calls ahead of it. */
    private SerialExecutor pooled;
    private InlineExecutor inline;
    /** Whether messages handled on the event loop wrote output that waits for the end of the read; event loop only. */
    private boolean flushAfterRead;
    private volatile boolean failed;

    ConnectionHandler(String listener, ProtocolHandler handler, Executor pool, ConnectionTracker tracker) {
        this(listener, handler, pool, tracker, false, new WorkInterceptors(), new WarningThrottle(), null);
    }

    /**
     * @param pool runs the connection's calls that leave the event loop: the listener's share of the worker's pool
     * @param nonBlocking whether the handler declared {@link ProtocolHandler#NON_BLOCKING}, so its
     *     calls may run on the event loop
     * @param interceptors run around every unit of work of the connection, on whichever thread runs it
     * @param warnings throttles the WARNING lines clients can cause
     * @param frames the connection's frame timer, told here of every decoded message; null for none
     */
    ConnectionHandler(String listener, ProtocolHandler handler, Executor pool, ConnectionTracker tracker,
            boolean nonBlocking, WorkInterceptors interceptors, WarningThrottle warnings, FrameTimeout frames) {
        this.interceptors = interceptors;
        this.warnings = warnings;
        this.frames = frames;
        this.listener = listener;
        this.handler = handler;
        this.pool = pool;
        this.tracker = tracker;
        this.nonBlocking = nonBlocking;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        pooled = new SerialExecutor(pool);
        inline = nonBlocking ? new InlineExecutor(ctx.executor(), pooled) : null;
        ChannelConnection conn = new ChannelConnection(tracker.nextId(), listener, ctx.channel(), handler,
                inline != null ? inline : pooled, interceptors, warnings);
        // For a non-blocking handler connected() runs right here, inside the tracker's lock; it
        // declared that it does not block, and running it now keeps it ahead of draining().
        Optional<String> refused = tracker.admit(conn, () -> conn.execute(() -> connected(conn)));
        if (refused.isPresent()) {
            warnings.warn(LOG, "refusing connections on " + listener + ": " + refused.get(),
                    "refusing connection on {} from {}: {}", listener, ctx.channel().remoteAddress(), refused.get());
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
        if (frames != null) {
            frames.frameDone();
        }
        if (inline != null && inline.runsInline() && !blocks(msg)) {
            handleInline(msg);
            return;
        }
        if (queued.incrementAndGet() > HIGH_WATER && readPaused.compareAndSet(false, true)) {
            ctx.channel().config().setAutoRead(false);
            resumeIfCaughtUp(); // the pool may have emptied the queue before the pause was set
        }
        pooled.execute(() -> dispatch(msg));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushAfterRead) {
            flushAfterRead = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
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
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown();
            return;
        }
        if (evt == FrameTimeout.EXPIRED) {
            warnings.warn(LOG, "closing connections on " + listener + ": frame timeout",
                    "closing connection {} on {} from {}: frame timeout: a frame has been arriving for longer than the frame_timeout",
                    connection.id(), listener, ctx.channel().remoteAddress());
            connection.closeLogged();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * The client shut down its sending side (the codec before has decoded what was left): once the
     * messages received so far are handled and their answers written, in order on whichever
     * executor runs them, the connection closes.
     */
    private void inputShutdown() {
        if (frames != null) {
            frames.frameDone(); // nothing more can arrive, so no frame can be in progress
        }
        ChannelConnection conn = connection;
        conn.serial().execute(conn::closeLogged); // a client's own close is no event worth a log line
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Clients resetting or vanishing is ordinary network weather, not a server fault.
            LOG.info("closing connection on {} from {}: {}", listener, ctx.channel().remoteAddress(), cause.toString());
        } else {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            warnings.warn(LOG, "closing connections on " + listener + ": " + reason.getClass().getName(),
                    "closing connection on {} from {}: {}", listener, ctx.channel().remoteAddress(), reason.toString());
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

    /** Handles a message on the pool, flushing what it wrote. */
    private void dispatch(Object msg) {
        try {
            handleMessage(msg);
        } finally {
            connection.exitHandle(true);
            queued.decrementAndGet();
            resumeIfCaughtUp();
        }
    }

    /** Handles a message on the event loop; what it wrote is flushed once the read is complete. */
    private void handleInline(Object msg) {
        try {
            handleMessage(msg);
        } finally {
            flushAfterRead |= connection.exitHandle(false);
        }
    }

    private void handleMessage(Object msg) {
        connection.within(() -> handleWithin(msg));
    }

    private void handleWithin(Object msg) {
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
        }
    }

    /** Asks a non-blocking handler whether this message needs the pool; a failing answer sends it there. */
    private boolean blocks(Object msg) {
        try {
            return handler.blocks(msg);
        } catch (RuntimeException e) {
            LOG.warn("blocks() failed on {}; handling the message on the pool", listener, e);
            return true;
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
        warnings.warn(LOG, "closing connections on " + listener + ": " + what + ": " + e.getClass().getName(),
                "closing connection {} on {} from {}: {}", conn.id(), listener, conn.remoteAddress(), what, e);
        conn.closeLogged();
    }

    private void resumeIfCaughtUp() {
        if (queued.get() <= LOW_WATER && readPaused.compareAndSet(true, false)) {
            connection.channel().config().setAutoRead(true);
        }
    }
}
