package org.fdtserver.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The worker's open connections: admits them up to the limit, and tells when a drain has emptied them. */
final class ConnectionTracker {

    private final int maxConnections;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, ChannelConnection> open = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean draining; // guarded by this

    ConnectionTracker(int maxConnections) {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be > 0, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Counts a new connection in unless the worker is full, and runs {@code opened} (which queues
     * the handler's {@code connected} call) before a drain can reach the connection, so
     * {@code draining} never overtakes {@code connected}.
     *
     * @return whether the connection was admitted
     */
    synchronized boolean admit(ChannelConnection connection, Runnable opened) {
        if (open.size() >= maxConnections) {
            return false;
        }
        open.put(connection.id(), connection);
        opened.run();
        if (draining) {
            connection.beginDraining(); // accepted just before the listener closed
        }
        return true;
    }

    /** Counts a finished connection out; the last one out of a draining worker completes the drain. */
    synchronized void remove(ChannelConnection connection) {
        open.remove(connection.id());
        if (draining && open.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Starts draining every connection, once; the returned future completes when none is left. */
    synchronized CompletableFuture<Void> drain() {
        if (!draining) {
            draining = true;
            open.values().forEach(ChannelConnection::beginDraining);
            if (open.isEmpty()) {
                drained.complete(null);
            }
        }
        return drained;
    }

    /** Cuts every connection left and completes the drain without waiting for them. */
    void forceCloseAll(String reason) {
        for (ChannelConnection connection : snapshot()) {
            connection.forceClose(reason);
        }
        drained.complete(null);
    }

    int size() {
        return open.size();
    }

    List<ChannelConnection> snapshot() {
        return new ArrayList<>(open.values());
    }
}
