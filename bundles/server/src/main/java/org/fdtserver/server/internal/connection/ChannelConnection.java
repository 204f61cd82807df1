package org.fdtserver.server.internal.connection;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fdtserver.api.Connection;
import org.fdtserver.server.internal.execution.ConnectionExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Connection} over one Netty channel, with the executor that runs its handler's calls and carries its writes. */
final class ChannelConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelConnection.class);

    private final long id;
    private final Channel channel;
    private final ListenerConnections listener;
    private final HandlerCalls calls;
    private final ConnectionExecutor executor;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();

    ChannelConnection(long id, Channel channel, ListenerConnections listener) {
        this.id = id;
        this.channel = channel;
        this.listener = listener;
        this.calls = new HandlerCalls(this, listener); // keeps this; calls it only once the connection is admitted
        // A write that fails closes the connection; one to a connection already closed is simply dropped.
        this.executor = new ConnectionExecutor(channel, listener.pool(), listener.nonBlocking(),
                this::closeIfWriteFailed, calls);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String listener() {
        return listener.listener();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public void write(Object message) {
        executor.write(message);
    }

    @Override
    public void close(String reason) {
        executor.sendHeld(); // what was written before closing goes out first
        if (closing.compareAndSet(false, true)) {
            LOG.info("closing connection {} on {} from {}: {}", id, listener(), channel.remoteAddress(), reason);
            flushAndClose();
        }
    }

    /** Closes after what was written, for a reason the caller has logged already. */
    void closeLogged() {
        executor.sendHeld();
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

    ConnectionExecutor executor() {
        return executor;
    }

    /** Queues the handler's {@code connected} call: the first of the connection's work. */
    void opened() {
        execute(calls::connected);
    }

    /**
     * The channel is closed: queues the handler's {@code disconnected} call (inside the
     * interceptors) and then, outside them, the connection's end.
     */
    void inactive() {
        execute(calls::disconnected);
        executor.execute(this::closed);
    }

    /**
     * The client shut down its sending side: once the messages received so far are handled and
     * their answers written, in order on the executor, the connection closes (a client's own
     * close is no event worth a log line).
     */
    void inputShutdown() {
        executor.execute(this::closeLogged);
    }

    /** Queues a unit of work for this connection: in order, inside the work interceptors. */
    private void execute(Runnable work) {
        executor.execute(() -> within(work));
    }

    /**
     * Runs a unit of work for this connection now, on this thread, inside the work interceptors.
     *
     * @return whether it ran: an interceptor that fails first closes the connection instead
     */
    boolean within(Runnable work) {
        return listener.interceptors().around(this, work);
    }

    /** Marks the connection draining and, once, queues the handler's {@code draining} call after its pending messages. */
    void beginDraining() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(calls::draining);
        }
    }

    /** Closes at once, dropping unwritten output: the graceful timeout is over or the engine is stopping. */
    void forceClose(String reason) {
        closing.set(true);
        if (channel.isOpen()) {
            listener.warnings().warn(LOG, "closing connections at once: " + reason,
                    "closing connection {} on {} from {}: {}", id, listener(), channel.remoteAddress(), reason);
            channel.close();
        }
    }

    private void closeIfWriteFailed(ChannelFuture future) {
        if (future.isSuccess() || !channel.isOpen()) {
            return;
        }
        Throwable cause = future.cause();
        listener.warnings().warn(LOG, "closing connections on " + listener() + ": write failed: " + cause.getClass().getName(),
                "closing connection {} on {} from {}: write failed: {}", id, listener(), channel.remoteAddress(), cause.toString());
        channel.close();
    }

    /** The connection's last unit of work has run: tells the interceptors, forgets the handler's state, counts it out. */
    private void closed() {
        try {
            listener.interceptors().closed(this);
        } finally {
            attributes.clear();
            listener.tracker().remove(this);
        }
    }
}
