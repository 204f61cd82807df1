package org.fdtserver.launcher.listen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fdtserver.launcher.config.ListenerConfig;
import org.fdtserver.launcher.posix.FileDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's listening sockets across generations: a listener whose address a new
 * configuration keeps keeps its socket (nothing queued on it is lost), a new one is bound before
 * its generation starts, and one that no live generation names any more is closed.
 */
public final class ListenerSockets implements AutoCloseable {

    /** Copies are numbered from here so that spawn's dup2 onto 3, 4, ... never overwrites a source. */
    static final int INHERITABLE_FD_MIN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSockets.class);

    /** Every socket bound now, by {@link #key}. */
    private final Map<String, BoundListener> bound = new LinkedHashMap<>();
    private boolean closed;

    /**
     * The identity of a listening socket: its address, or for port 0 (a fresh port at each bind)
     * its name and host, so that reloading a port-0 listener keeps the port it got.
     *
     * @param l a configured listener
     * @return the key under which its socket is kept
     */
    static String key(ListenerConfig l) {
        return l.port() == 0 ? l.name() + "@" + l.address() : l.address();
    }

    /**
     * Returns sockets for the given listeners, in their order, binding those not bound yet.
     *
     * @param listeners one configuration's listeners
     * @return the bound listeners, each carrying that configuration's name and backlog
     * @throws BindException naming the listener and address that failed; what this call bound is closed again
     */
    public synchronized List<BoundListener> acquire(List<ListenerConfig> listeners) throws BindException {
        if (closed) {
            throw new BindException("the launcher is stopping; no listener is bound any more", null);
        }
        List<BoundListener> result = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (ListenerConfig l : listeners) {
            String key = key(l);
            BoundListener have = bound.get(key);
            if (have != null) {
                if (have.config().backlog() != l.backlog()) {
                    LOG.warn("listener '{}' on {} keeps its socket and its backlog {}; a new backlog {} needs a restart",
                            l.name(), l.address(), have.config().backlog(), l.backlog());
                }
                result.add(new BoundListener(l, have.channel(), have.inheritableFd(), have.port()));
                continue;
            }
            try {
                BoundListener b = bindOne(l);
                bound.put(key, b);
                fresh.add(key);
                result.add(b);
            } catch (IOException | RuntimeException e) {
                fresh.forEach(k -> closeOne(bound.remove(k)));
                throw new BindException("cannot bind listener '" + l.name() + "' on " + l.address() + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static BoundListener bindOne(ListenerConfig l) throws IOException {
        if (l.reusePort()) {
            // Each worker binds its own SO_REUSEPORT socket; the launcher holds none (a socket of
            // its own in the group would get a share of connections nobody accepts).
            LOG.info("listener '{}' on {}: reuseport, bound by each worker", l.name(), l.address());
            return new BoundListener(l, null, BoundListener.NO_FD, l.port());
        }
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

    /**
     * Closes every socket that none of the given listener sets uses.
     *
     * @param inUse the listeners of every generation that still accepts or is about to
     */
    public synchronized void retain(Collection<List<BoundListener>> inUse) {
        Set<Integer> keep = new HashSet<>();
        inUse.forEach(set -> set.forEach(l -> keep.add(l.inheritableFd())));
        for (Iterator<BoundListener> it = bound.values().iterator(); it.hasNext();) {
            BoundListener l = it.next();
            if (!keep.contains(l.inheritableFd())) {
                it.remove();
                LOG.info("listener '{}' on {}:{} closed: no generation uses it any more", l.config().name(), l.config().host(), l.port());
                closeOne(l);
            }
        }
    }

    /** Closes the launcher's copies: new connects are refused once the workers have closed theirs. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        bound.values().forEach(ListenerSockets::closeOne);
        bound.clear();
    }

    private static void closeOne(BoundListener l) {
        if (l.channel() == null) {
            return; // reuseport: the launcher holds no socket for it
        }
        FileDescriptors.close(l.inheritableFd());
        try {
            l.channel().close();
        } catch (IOException e) {
            LOG.warn("closing listener '{}': {}", l.config().name(), e.toString());
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
