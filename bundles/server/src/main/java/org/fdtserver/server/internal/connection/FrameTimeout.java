package org.fdtserver.server.internal.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Times the frame a connection is receiving, for any codec: sits before the codec, starts the clock
 * when bytes arrive while no frame is in progress, and stops it when the dispatcher behind the codec
 * reports a decoded message ({@link #frameDone}). A frame still in progress after the timeout fires
 * {@link #EXPIRED} down the pipeline; the dispatcher closes the connection. So a client that trickles
 * a frame byte by byte cannot hold a connection forever, although each byte restarts the idle timeout.
 *
 * <p>Bytes that arrive after a message in the same read do not restart the clock, so a frame that
 * begins in such a read is timed from the next bytes that arrive. One per channel; event loop only.
 */
final class FrameTimeout extends ChannelInboundHandlerAdapter {

    /** The user event fired when a frame took too long. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "FrameTimeout.EXPIRED";
        }
    };

    private final long timeoutNanos;
    private final LongSupplier clock;
    private final Runnable check = this::check;
    private ChannelHandlerContext ctx;
    private boolean inProgress;
    private long startedNanos;
    /** The scheduled check, or null; at most one is scheduled, however many frames start meanwhile. */
    private ScheduledFuture<?> pendingCheck;

    /** @param timeoutMillis how long a frame may take to arrive whole, > 0 */
    FrameTimeout(long timeoutMillis) {
        this(timeoutMillis, System::nanoTime);
    }

    FrameTimeout(long timeoutMillis, LongSupplier clock) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be > 0, was " + timeoutMillis);
        }
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!inProgress) {
            inProgress = true;
            startedNanos = clock.getAsLong();
            if (pendingCheck == null) {
                schedule(timeoutNanos);
            }
        }
        context.fireChannelRead(msg);
    }

    /** Cancels the check, so that a closed connection leaves nothing in the event loop's timer queue. */
    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (pendingCheck != null) {
            pendingCheck.cancel(false);
        }
        context.fireChannelInactive();
    }

    /** Tells that the bytes received so far made whole messages, or that no more can arrive. */
    void frameDone() {
        inProgress = false;
    }

    private void schedule(long delayNanos) {
        pendingCheck = ctx.executor().schedule(check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        pendingCheck = null;
        if (!inProgress) {
            return; // the next frame schedules the next check
        }
        long now = clock.getAsLong();
        if (!ctx.channel().config().isAutoRead()) {
            // The server holds reading back while this connection's requests wait for the pool:
            // the rest of the frame may be in the socket already, so the client is not the slow one.
            startedNanos = now;
        }
        long left = startedNanos + timeoutNanos - now;
        if (left > 0) {
            schedule(left);
        } else {
            ctx.fireUserEventTriggered(EXPIRED);
        }
    }
}
