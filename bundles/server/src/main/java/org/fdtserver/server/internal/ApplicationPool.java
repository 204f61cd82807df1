package org.fdtserver.server.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the worker's fixed pool of application threads, named {@code fdt-pool-N}. */
final class ApplicationPool {

    private ApplicationPool() {
    }

    /**
     * The queue is unbounded on purpose: each connection queues at most one turn of its serial
     * executor at a time, so its length is bounded by the connection limit.
     */
    static ThreadPoolExecutor create(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, was " + threads);
        }
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                namedDaemons("fdt-pool-"));
    }

    /** Daemon threads, so that the runtime alone decides when the JVM ends. */
    static ThreadFactory namedDaemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
