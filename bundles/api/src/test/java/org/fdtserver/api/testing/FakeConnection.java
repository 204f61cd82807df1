package org.fdtserver.api.testing;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.fdtserver.api.Connection;

/**
 * A client connection for tests, with no socket: what is written goes to a sink, a close is
 * recorded (with its reason) instead of performed, and draining is set by the test. Shipped in
 * the api's test jar, for every module's tests; a Pax Exam test adds it to its probe with
 * {@code probe.addAnchor(FakeConnection.class)}.
 */
public final class FakeConnection implements Connection {

    private static final AtomicLong IDS = new AtomicLong(1000);
    private final long id = IDS.incrementAndGet();
    private final String listener;
    private final SocketAddress remoteAddress;
    private final Consumer<Object> sink;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile String closedBecause;
    private volatile boolean draining;

    /** @param listener the name of the listener it came in on; it talks to nobody, and what is written is dropped */
    public FakeConnection(String listener) {
        this(listener, new InetSocketAddress("127.0.0.1", 1), message -> { });
    }

    /**
     * @param listener the name of the listener it came in on
     * @param remoteAddress the client's address
     * @param sink receives every message written
     */
    public FakeConnection(String listener, SocketAddress remoteAddress, Consumer<Object> sink) {
        this.listener = listener;
        this.remoteAddress = remoteAddress;
        this.sink = sink;
    }

    /** @return the reason given to {@link #close}, or null while open */
    public String closedBecause() {
        return closedBecause;
    }

    /** @param draining what {@link #isDraining()} answers from now on */
    public void setDraining(boolean draining) {
        this.draining = draining;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String listener() {
        return listener;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void write(Object message) {
        sink.accept(message);
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
        return draining;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }
}
