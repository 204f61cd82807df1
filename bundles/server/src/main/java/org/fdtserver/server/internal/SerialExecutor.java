package org.fdtserver.server.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one connection's tasks on a shared pool one at a time, in the order they were given. */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    /** Tasks run per turn on a pool thread before the rest go to the back of the pool's queue, so one busy connection cannot starve the others. */
    static final int BATCH = 16;

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks queued and not yet finished; the submitter that raises it from 0 schedules a turn. */
    private final AtomicInteger pending = new AtomicInteger();
    /** The one turn object handed to the pool each time, instead of a new method reference per turn. */
    private final Runnable turn = this::runTurn;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        if (task == null) {
            throw new NullPointerException("task must not be null");
        }
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            schedule();
        }
    }

    /** @return tasks queued or running */
    int pending() {
        return pending.get();
    }

    private void schedule() {
        try {
            pool.execute(turn);
        } catch (RejectedExecutionException e) {
            // The pool is shut down: the engine is stopping and its connections are being cut.
            LOG.debug("pool refused a connection's tasks; dropping {}", pending.get());
            tasks.clear();
            pending.set(0);
        }
    }

    private void runTurn() {
        for (int run = 1; ; run++) {
            runSafely(tasks.poll());
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (run == BATCH) {
                schedule();
                return;
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // Callers handle their own failures; this keeps a bug in one from stalling the queue.
            LOG.error("connection task failed", e);
        }
    }
}
