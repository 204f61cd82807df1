package org.fdtserver.transaction.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.fdtserver.api.Connection;

/** A client connection as the binding sees it (no socket needed): remembers why it was closed. */
final class FakeClient implements Connection {

    private static final AtomicLong IDS = new AtomicLong(5000);
    private final long id = IDS.incrementAndGet();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile String closedBecause;

    /** @return the reason given to {@link #close}, or null while open */
    String closedBecause() {
        return closedBecause;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String listener() {
        return "ledger";
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public void write(Object message) {
        // nothing to send to
    }

    @Override
    public void close(String reason) {
        closedBecause = reason;
    }

    @Override
    public boolean isOpen() {
        return closedBecause == null;
    }

    @Override
    public boolean isDraining() {
        return false;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }
}
