package org.fdtserver.server.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executor;

/**
 * Runs a non-blocking handler's calls for one connection on the connection's event loop, in order
 * with the calls that connection hands to the pool: a call runs at once when nothing of the
 * connection waits or runs on the pool, and otherwise queues behind that on the pool.
 */
final class InlineExecutor implements Executor {

    private final EventExecutor loop;
    private final SerialExecutor pooled;

    /**
     * @param loop the connection's event loop
     * @param pooled the connection's serial executor on the worker's pool
     */
    InlineExecutor(EventExecutor loop, SerialExecutor pooled) {
        this.loop = loop;
        this.pooled = pooled;
    }

    /**
     * Runs the task now if this is the event loop and the pool holds nothing of the connection;
     * queues it behind the pool's tasks if it does; from another thread, decides on the loop.
     */
    @Override
    public void execute(Runnable task) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> execute(task));
        } else if (pooled.pending() == 0) {
            // Only the event loop adds to the connection's pool queue, so an empty one stays
            // empty while this task runs.
            task.run();
        } else {
            pooled.execute(task);
        }
    }

    /** @return whether a task given to {@link #execute} now would run at once; only on the event loop */
    boolean runsInline() {
        return loop.inEventLoop() && pooled.pending() == 0;
    }
}
