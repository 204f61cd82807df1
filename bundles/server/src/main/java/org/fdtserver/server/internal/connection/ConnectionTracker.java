package org.fdtserver.server.internal.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's open connections: admits them up to the worker's limit and each listener's, and
 * tells when a drain has emptied them.
 */
public final class ConnectionTracker {

    private final int maxConnections;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, ChannelConnection> open = new ConcurrentHashMap<>();
    /** Each listener's limit and count; guarded by this. */
    private final Map<String, Quota> quotas = new HashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean draining; // guarded by this

    /**
     * @param maxConnections the most connections the worker holds
     * @param perListener the most connections the worker holds on each listener; a listener not
     *     named here may take up to {@code maxConnections}
     */
    public ConnectionTracker(int maxConnections, Map<String, Integer> perListener) {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be > 0, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        perListener.forEach((listener, max) -> quotas.put(listener, new Quota(max)));
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Counts a new connection in unless the worker or its listener is full, and runs {@code opened}
     * (which queues the handler's {@code connected} call) before a drain can reach the connection,
     * so {@code draining} never overtakes {@code connected}.
     *
     * @return empty if the connection was admitted, else why it was not
     */
    synchronized Optional<String> admit(ChannelConnection connection, Runnable opened) {
        if (open.size() >= maxConnections) {
            return Optional.of("the worker already holds its maximum of " + maxConnections + " connections");
        }
        Quota quota = quota(connection.listener());
        if (quota.open >= quota.max) {
            return Optional.of("the listener already holds its maximum of " + quota.max + " connections on this worker");
        }
        quota.open++;
        open.put(connection.id(), connection);
        opened.run();
        if (draining) {
            connection.beginDraining(); // accepted just before the listener closed
        }
        return Optional.empty();
    }

    /** Counts an admitted connection out, once; the last one out of a draining worker completes the drain. */
    synchronized void remove(ChannelConnection connection) {
        open.remove(connection.id());
        quota(connection.listener()).open--;
        if (draining && open.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Starts draining every connection, once; the returned future completes when none is left. */
    public synchronized CompletableFuture<Void> drain() {
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
    public void forceCloseAll(String reason) {
        for (ChannelConnection connection : snapshot()) {
            connection.forceClose(reason);
        }
        drained.complete(null);
    }

    /** @return the connections open now */
    public int size() {
        return open.size();
    }

    private Quota quota(String listener) {
        return quotas.computeIfAbsent(listener, name -> new Quota(maxConnections));
    }

    private List<ChannelConnection> snapshot() {
        return new ArrayList<>(open.values());
    }

    /** One listener's connections on this worker. */
    private static final class Quota {
        private final int max;
        private int open;

        Quota(int max) {
            this.max = max;
        }
    }
}
