package org.fdtserver.server.internal.execution;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Builds the worker's fixed pool of application threads, named {@code fdt-pool-…}. */
public final class ApplicationPool {

    private ApplicationPool() {
    }

    /**
     * The queue is unbounded on purpose: each connection queues at most one turn of its executor
     * at a time, so its length is bounded by the connection limit. The threads are daemons, so
     * that the runtime alone decides when the JVM ends.
     */
    public static ThreadPoolExecutor create(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, was " + threads);
        }
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("fdt-pool", true));
    }
}
