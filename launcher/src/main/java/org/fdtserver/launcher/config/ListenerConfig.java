package org.fdtserver.launcher.config;

import java.util.Objects;

/**
 * One configured listening socket.
 *
 * @param name the listener's name, as protocol handlers name it
 * @param host the address to bind, without brackets
 * @param port the port to bind, 0 for any free port
 * @param backlog the kernel's accept queue length
 * @param reusePort whether each worker binds its own SO_REUSEPORT socket instead of sharing the
 *     launcher's (see config/fdtserver.properties for the caveat)
 * @param threads the most pool threads of a worker this listener's work may hold, 0 for the default share
 * @param maxConnections the most connections a worker holds on this listener, 0 for the default share
 */
public record ListenerConfig(String name, String host, int port, int backlog, boolean reusePort, int threads,
        int maxConnections) {

    /** Checks the parts. */
    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
    }

    /** A listener on the launcher's shared socket (the default), with the default shares. */
    public ListenerConfig(String name, String host, int port, int backlog) {
        this(name, host, port, backlog, false, 0, 0);
    }

    /** @return host:port, as written in the configuration */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
