package org.fdtserver.api;

import io.netty.channel.ChannelPipeline;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol served on one listener, registered by an application bundle as a service.
 *
 * <p>The server calls {@link #initCodec} on the connection's I/O thread to assemble framing and
 * decoding, then every other method on the worker's fixed thread pool, one call at a time per
 * connection and in arrival order: {@link #connected}, {@link #handle} for each decoded message,
 * {@link #draining} if the worker starts draining, and {@link #disconnected} last. A handler
 * instance is shared by all connections of its listener, so per-connection state belongs in
 * {@link Connection#attributes()}.
 *
 * <p>A handler registered with {@link #NON_BLOCKING} {@code = true} has those calls made on the
 * connection's I/O thread instead, which spares two thread hand-offs per message; only the
 * messages for which {@link #blocks} answers {@code true} go to the pool. The order per connection
 * stays the same: while a message of a connection waits or runs on the pool, that connection's
 * later calls queue behind it on the pool too. Handlers that block (a database call, a sleep) or
 * take part in transactions must not declare themselves non-blocking: a blocked I/O thread stalls
 * every connection it serves.
 */
@ConsumerType
public interface ProtocolHandler {

    /** Service property: the name of the listener (a key of the server config) this handler serves. */
    String LISTENER = "fdt.listener";

    /**
     * Service property: {@code true} (a Boolean, or the string {@code "true"}) declares that the
     * handler's methods never block, so the server may call them on the connection's I/O thread.
     * Absent or anything else means they may block and run on the worker's fixed pool.
     *
     * @since 1.1
     */
    String NON_BLOCKING = "fdt.nonblocking";

    /**
     * Adds the codec for a new connection: the handlers that turn bytes into the messages passed
     * to {@link #handle} and the objects given to {@link Connection#write} back into bytes.
     * Runs on the I/O thread, so it must not block.
     *
     * @param pipeline the connection's pipeline; the server adds its own handler after these
     * @param context limits the codec must enforce, such as the maximum frame length
     */
    void initCodec(ChannelPipeline pipeline, CodecContext context);

    /**
     * Handles one decoded message. The server releases reference-counted messages after this
     * returns and flushes what was written; retain a message to keep it longer.
     *
     * @param connection the connection the message arrived on
     * @param message the decoded message
     * @throws Exception to close this connection with the exception as the logged reason; the
     *     worker and its other connections are not affected
     */
    void handle(Connection connection, Object message) throws Exception;

    /**
     * Asked on the I/O thread, for a handler registered with {@link #NON_BLOCKING}, before each
     * message is handled: whether handling this one may block, so that it must run on the pool.
     * It must answer from the message alone, quickly and without blocking. Never asked for
     * handlers without that property, whose every message runs on the pool.
     *
     * @param message the decoded message about to be handled
     * @return {@code true} to handle it on the worker's fixed pool; the default, {@code false},
     *     handles it on the I/O thread
     * @since 1.1
     */
    default boolean blocks(Object message) {
        return false;
    }

    /**
     * Called once when a connection opens, before its first message.
     *
     * @param connection the new connection
     */
    default void connected(Connection connection) {
    }

    /**
     * Called when the worker starts draining, after every message already received on this
     * connection has been handled. The default closes the connection, which is right for
     * protocols where a connection between messages holds nothing. A handler whose connection
     * holds state (a transaction, a keep-alive exchange) overrides this and closes the connection
     * when its work is done; the server waits for that up to the configured graceful timeout.
     *
     * @param connection the connection that should finish
     */
    default void draining(Connection connection) {
        connection.close("worker draining");
    }

    /**
     * Called once when a connection has closed, whatever the reason; the last call for it.
     *
     * @param connection the closed connection
     */
    default void disconnected(Connection connection) {
    }
}
