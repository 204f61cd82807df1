package org.fdtserver.launcher.listen;

import java.nio.channels.ServerSocketChannel;
import org.fdtserver.launcher.config.ListenerConfig;
import org.fdtserver.runtime.protocol.ListenerBinding;
import org.fdtserver.runtime.protocol.WorkerSpec;

/**
 * A listener the launcher has bound and holds for its whole life.
 *
 * @param config what the configuration asked for
 * @param channel the JDK's channel, which owns the original descriptor; null for a reuseport listener
 * @param inheritableFd a duplicate numbered 64 or more, which spawn dup2s into each worker; {@link #NO_FD}
 *     for a reuseport listener, which each worker binds itself
 * @param port the port actually bound (differs from the configured one only for port 0)
 */
public record BoundListener(ListenerConfig config, ServerSocketChannel channel, int inheritableFd, int port) {

    /** The {@code inheritableFd} of a listener the launcher holds no socket for. */
    public static final int NO_FD = -1;

    /**
     * @param index the listener's position in the configuration
     * @return what a worker is told about this listener
     */
    public ListenerBinding spec(int index) {
        int fd = config.reusePort() ? ListenerBinding.BIND_HERE : WorkerSpec.FIRST_LISTENER_FD + index;
        return new ListenerBinding(config.name(), config.host(), port, fd, config.reusePort(), config.threads(),
                config.maxConnections());
    }
}
