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
 */
public record ListenerSpec(String name, String host, int port, int fd, boolean reusePort) {

    /** The {@code fd} of a listener that has no inherited socket. */
    public static final int BIND_HERE = -1;

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
    }

    /** A listener without SO_REUSEPORT: inherited, or bound here alone. */
    public ListenerSpec(String name, String host, int port, int fd) {
        this(name, host, port, fd, false);
    }

    /** @return host:port, for logs */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
