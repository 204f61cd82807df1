package org.fdtserver.runtime.spi;

import java.util.Objects;

/**
 * One configured listener: its name, the address it listens on, and the file descriptor the
 * worker inherited for it.
 *
 * @param name the listener's name, which protocol handlers name in their service property
 * @param host the address the socket is bound to
 * @param port the port the socket is bound to
 * @param fd the inherited listening socket's descriptor, or {@link #BIND_HERE} when the server
 *     must bind the address itself (reuseport listeners, tests inside a framework)
 * @param reusePort whether a socket the server binds itself sets SO_REUSEPORT, so that every
 *     worker binds the same address
 * @param threads the most of the worker's pool threads this listener's work may hold at once, at most
 *     the worker's pool size; {@link #DEFAULT_SHARE} for the default share
 * @param maxConnections the most connections the worker holds on this listener, at most
 *     the worker's connection limit; {@link #DEFAULT_SHARE} for the default share
 */
public record ListenerSpec(String name, String host, int port, int fd, boolean reusePort, int threads, int maxConnections) {

    /** The {@code fd} of a listener that has no inherited socket. */
    public static final int BIND_HERE = -1;

    /**
     * The {@code threads} or {@code maxConnections} of a listener that takes the default share of the
     * worker's total {@code T} among its {@code L} listeners: {@code T} for a single listener, else
     * {@code max(1, T - max(L - 1, T / 4))}. However one listener is loaded, the others keep at least
     * a quarter of {@code T} and at least one each (when {@code T >= L}).
     */
    public static final int DEFAULT_SHARE = 0;

    /** Checks the parts. */
    public ListenerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (fd < BIND_HERE) {
            throw new IllegalArgumentException("fd must be >= 0 or BIND_HERE, was " + fd);
        }
        if (reusePort && fd != BIND_HERE) {
            throw new IllegalArgumentException("a reuseport listener is bound by the worker, not inherited (fd " + fd + ")");
        }
        if (threads < DEFAULT_SHARE || maxConnections < DEFAULT_SHARE) {
            throw new IllegalArgumentException("threads and maxConnections must be > 0 or DEFAULT_SHARE, were "
                    + threads + " and " + maxConnections);
        }
    }

    /** A listener with the default shares of threads and connections (the form of spi 1.1 and 1.2). */
    public ListenerSpec(String name, String host, int port, int fd, boolean reusePort) {
        this(name, host, port, fd, reusePort, DEFAULT_SHARE, DEFAULT_SHARE);
    }

    /** A listener without SO_REUSEPORT: inherited, or bound here alone. */
    public ListenerSpec(String name, String host, int port, int fd) {
        this(name, host, port, fd, false);
    }

    /**
     * @param configured a listener's {@code threads} or {@code maxConnections}
     * @param total the worker's total of the same
     * @param listeners how many listeners the worker has
     * @return what the listener may hold: its configured share (at most the total), or the default share
     */
    public static int share(int configured, int total, int listeners) {
        if (configured != DEFAULT_SHARE) {
            return Math.min(configured, total);
        }
        if (listeners == 1) {
            return total;
        }
        int reserve = Math.max(listeners - 1, total / 4); // what one listener's load leaves the others
        return Math.max(1, total - reserve);
    }

    /** @return host:port, for logs */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
