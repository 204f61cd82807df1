package org.fdtserver.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Connection} over one Netty channel, with the serial executor that runs its handler calls. */
final class ChannelConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelConnection.class);

    private final long id;
    private final String listener;
    private final Channel channel;
    private final ProtocolHandler handler;
    /** Runs the handler's calls one at a time in order: on the pool, or first on the event loop for a non-blocking handler. */
    private final Executor serial;
    private final WorkInterceptors interceptors;
    private final WarningThrottle warnings;
    /** A write that fails closes the connection; one to a connection already closed is simply dropped. */
    private final ChannelFutureListener writeFailed = this::closeIfWriteFailed;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The pool thread inside {@code handle} for this connection, whose writes wait for the flush after it. */
    private volatile Thread handlingThread;
    /** Whether the current {@code handle} call wrote anything; read and written by its thread only. */
    private boolean wroteInHandle;
    /**
     * What the current {@code handle} call on a pool thread wrote, held until it returns: the
     * usual single answer then reaches the event loop as one write-and-flush task, which wakes the
     * loop once (a write task and a flush task may wake it twice). Guarded by itself: a write from
     * another thread meanwhile sends what is held first, so the order of writes stays the order of calls.
     */
    private final List<Object> held = new ArrayList<>(1);

    ChannelConnection(long id, String listener, Channel channel, ProtocolHandler handler, Executor serial,
            WorkInterceptors interceptors, WarningThrottle warnings) {
        this.id = id;
        this.warnings = warnings;
        this.interceptors = interceptors;
        this.listener = listener;
        this.channel = channel;
        this.handler = handler;
        this.serial = serial;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String listener() {
        return listener;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public void write(Object message) {
        if (Thread.currentThread() == handlingThread) {
            wroteInHandle = true;
            if (channel.eventLoop().inEventLoop()) {
                channel.write(message).addListener(writeFailed); // flushed once the read is complete
            } else {
                synchronized (held) {
                    held.add(message);
                }
            }
        } else {
            synchronized (held) {
                if (held.isEmpty()) {
                    channel.writeAndFlush(message).addListener(writeFailed);
                } else {
                    held.add(message);
                    sendHeld();
                }
            }
        }
    }

    @Override
    public void close(String reason) {
        sendHeld(); // what was written before closing goes out first
        if (closing.compareAndSet(false, true)) {
            LOG.info("closing connection {} on {} from {}: {}", id, listener, channel.remoteAddress(), reason);
            flushAndClose();
        }
    }

    /** Closes after what was written, for a reason the caller has logged already. */
    void closeLogged() {
        sendHeld();
        if (closing.compareAndSet(false, true)) {
            flushAndClose();
        }
    }

    private void flushAndClose() {
        // The empty buffer passes every codec and completes after the writes queued before it.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen() && !closing.get();
    }

    @Override
    public boolean isDraining() {
        return draining.get();
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    Channel channel() {
        return channel;
    }

    ProtocolHandler handler() {
        return handler;
    }

    Executor serial() {
        return serial;
    }

    /** Queues a unit of work for this connection: in order, inside the work interceptors. */
    void execute(Runnable work) {
        serial.execute(() -> within(work));
    }

    /** Runs a unit of work for this connection now, on this thread, inside the work interceptors. */
    void within(Runnable work) {
        interceptors.around(this, work);
    }

    /** Tells the work interceptors that this connection's last unit of work has run. */
    void closedForInterceptors() {
        interceptors.closed(this);
    }

    /** Marks the connection draining and, once, queues the handler's {@code draining} call after its pending messages. */
    void beginDraining() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        serial.execute(() -> {
            if (!channel.isOpen()) {
                return;
            }
            try {
                handler.draining(this);
            } catch (Exception e) {
                close("draining() failed: " + e);
            }
        });
    }

    /** Closes at once, dropping unwritten output: the graceful timeout is over or the engine is stopping. */
    void forceClose(String reason) {
        closing.set(true);
        if (channel.isOpen()) {
            warnings.warn(LOG, "closing connections at once: " + reason, "closing connection {} on {} from {}: {}",
                    id, listener, channel.remoteAddress(), reason);
            channel.close();
        }
    }

    private void closeIfWriteFailed(ChannelFuture future) {
        if (future.isSuccess() || !channel.isOpen()) {
            return;
        }
        Throwable cause = future.cause();
        warnings.warn(LOG, "closing connections on " + listener + ": write failed: " + cause.getClass().getName(),
                "closing connection {} on {} from {}: write failed: {}", id, listener, channel.remoteAddress(), cause.toString());
        channel.close();
    }

    void enterHandle() {
        handlingThread = Thread.currentThread();
    }

    /**
     * Ends a {@code handle} call: later writes flush at once.
     *
     * @param flush whether to flush what it wrote now; on the event loop the caller flushes once per read instead
     * @return whether it wrote anything
     */
    boolean exitHandle(boolean flush) {
        handlingThread = null;
        if (!wroteInHandle) {
            return false;
        }
        wroteInHandle = false;
        if (flush) {
            sendHeld();
        }
        return true;
    }

    /** Sends what a pool thread's {@code handle} wrote and holds: a single message as one task on the event loop. */
    private void sendHeld() {
        synchronized (held) {
            int n = held.size();
            if (n == 1) {
                channel.writeAndFlush(held.get(0)).addListener(writeFailed);
            } else if (n > 1) {
                for (Object m : held) {
                    channel.write(m).addListener(writeFailed);
                }
                channel.flush();
            }
            held.clear();
        }
    }

    /** Forgets the handler's per-connection state once the connection is done. */
    void discard() {
        attributes.clear();
    }
}
