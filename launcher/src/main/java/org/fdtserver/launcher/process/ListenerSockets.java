package org.fdtserver.launcher.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.fdtserver.launcher.config.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the configured listeners once and closes them all at once when the launcher stops accepting. */
public final class ListenerSockets implements AutoCloseable {

    /** Copies are numbered from here so that spawn's dup2 onto 3, 4, ... never overwrites a source. */
    static final int INHERITABLE_FD_MIN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSockets.class);

    private final List<BoundListener> bound;
    private boolean closed;

    private ListenerSockets(List<BoundListener> bound) {
        this.bound = List.copyOf(bound);
    }

    /**
     * Binds every listener in configuration order.
     *
     * @param listeners the configured listeners
     * @return the bound sockets
     * @throws BindException naming the listener and address that failed; those already bound are closed
     */
    public static ListenerSockets bind(List<ListenerConfig> listeners) throws BindException {
        List<BoundListener> bound = new ArrayList<>();
        for (ListenerConfig l : listeners) {
            try {
                bound.add(bindOne(l));
            } catch (IOException | RuntimeException e) {
                new ListenerSockets(bound).close();
                throw new BindException("cannot bind listener '" + l.name() + "' on " + l.address() + ": " + e.getMessage(), e);
            }
        }
        return new ListenerSockets(bound);
    }

    private static BoundListener bindOne(ListenerConfig l) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(l.host(), l.port()), l.backlog());
            // The file description (and so O_NONBLOCK) is shared by every worker: it must stay non-blocking.
            ch.configureBlocking(false);
            int fd = FileDescriptors.fdOf(ch);
            int copy = FileDescriptors.dupAtOrAbove(fd, INHERITABLE_FD_MIN);
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            LOG.info("listener '{}' bound on {}:{} (fd {}, inherited from fd {})", l.name(), l.host(), port, fd, copy);
            return new BoundListener(l, ch, copy, port);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** @return the bound listeners in configuration order */
    public List<BoundListener> listeners() {
        return bound;
    }

    /** Closes the launcher's copies: new connects are refused once the workers have closed theirs. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BoundListener l : bound) {
            FileDescriptors.close(l.inheritableFd());
            try {
                l.channel().close();
            } catch (IOException e) {
                LOG.warn("closing listener '{}': {}", l.config().name(), e.toString());
            }
        }
    }

    /** A listener that could not be bound. */
    public static final class BindException extends Exception {
        private static final long serialVersionUID = 1L;

        BindException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
