package org.fdtserver.api;

import java.net.SocketAddress;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** One client connection as a protocol handler sees it; safe to use from any thread. */
@ProviderType
public interface Connection {

    /** @return an identifier unique among this worker's connections */
    long id();

    /** @return the name of the listener the connection arrived on */
    String listener();

    /** @return the client's address */
    SocketAddress remoteAddress();

    /**
     * Queues a message for the codec to encode. Messages written while handling a message are
     * flushed when the handler returns; others are flushed at once.
     *
     * @param message an object the connection's codec can encode
     */
    void write(Object message);

    /**
     * Closes the connection once what was written before has been flushed.
     *
     * @param reason why, for the worker's log
     */
    void close(String reason);

    /** @return whether the connection is still open */
    boolean isOpen();

    /**
     * @return whether the worker is draining: it accepts no new connections and exits once the
     *     open ones have closed, so a protocol should finish the exchange in progress and close
     */
    boolean isDraining();

    /** @return mutable per-connection state for the handler; discarded when the connection closes */
    Map<String, Object> attributes();
}
