package org.fdtserver.server.internal.execution;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listener's share of the worker's pool: runs the listener's tasks on the pool, at most
 * {@code limit} at once, in the order given; the rest wait here, not in the pool's queue, so a
 * listener whose work is slow holds no more than its share of the threads and the other listeners'
 * work still finds the rest.
 */
public final class ThreadShare implements Executor {

    private final Executor pool;
    private final int limit;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** Runners given to the pool and not yet done; each runs waiting tasks until none is left. */
    private final AtomicInteger runners = new AtomicInteger();
    /** One instance handed to the pool as often as a runner starts: nothing allocated per task but the queue node. */
    private final Runnable runner = this::run;

    /**
     * @param pool the worker's pool
     * @param limit the most of its threads this share may hold at once
     */
    public ThreadShare(Executor pool, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        this.pool = pool;
        this.limit = limit;
    }

    /**
     * Queues the task and starts a runner for it unless the share already has its limit of them.
     *
     * @throws RejectedExecutionException if the pool is shut down
     */
    @Override
    public void execute(Runnable task) {
        waiting.add(task);
        startRunner();
    }

    /** Drops the tasks that wait: the engine is stopping now, and nothing more of this share may run. */
    public void clear() {
        waiting.clear();
    }

    private void startRunner() {
        for (int n = runners.get(); n < limit; n = runners.get()) {
            if (runners.compareAndSet(n, n + 1)) {
                try {
                    pool.execute(runner);
                } catch (RejectedExecutionException e) {
                    runners.decrementAndGet();
                    clear(); // the pool is shut down: nothing will run these
                    throw e;
                }
                return;
            }
        }
    }

    private void run() {
        try {
            for (Runnable task = waiting.poll(); task != null; task = waiting.poll()) {
                task.run(); // a connection's turn, which catches what its own tasks throw
            }
        } finally {
            runners.decrementAndGet();
            // A task queued after the last poll, whose submitter still counted this runner, has no
            // runner yet: start one (this thread goes back to the pool either way).
            if (!waiting.isEmpty()) {
                startRunner();
            }
        }
    }
}
