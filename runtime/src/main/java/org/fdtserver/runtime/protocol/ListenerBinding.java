package org.fdtserver.runtime.protocol;

/**
 * One listener as the launcher hands it to a worker: its address, the fd the worker inherits it
 * on, and its share of the worker's threads and connections. The runtime turns it into the
 * engine's {@code ListenerSpec}, which checks it.
 *
 * @param name the listener's name
 * @param host the address the socket is bound to
 * @param port the port the socket is bound to
 * @param fd the inherited descriptor, or {@link #BIND_HERE} for a listener each worker binds itself
 * @param reusePort whether the worker binds its own SO_REUSEPORT socket
 * @param threads the listener's share of the worker's pool threads; 0 for the default share
 * @param maxConnections the listener's share of the worker's connections; 0 for the default share
 */
public record ListenerBinding(String name, String host, int port, int fd, boolean reusePort, int threads,
        int maxConnections) {

    /** The {@code fd} of a listener the launcher holds no socket for. */
    public static final int BIND_HERE = -1;
}
