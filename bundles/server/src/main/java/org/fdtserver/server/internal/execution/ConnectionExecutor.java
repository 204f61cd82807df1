package org.fdtserver.server.internal.execution;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's work and carries its output: the protocol handler's calls one at a time
 * in the order given, on the listener's share of the pool, or at once on the event loop for a
 * non-blocking handler while nothing of the connection waits on the pool; reading held back while
 * too many messages wait; and what a pool thread's {@code handle} call writes held until it
 * returns, so that the usual single answer reaches the event loop as one write-and-flush task,
 * which wakes the loop once (a write task and a flush task may wake it twice).
 *
 * <p>Thread-safety: {@link #execute} and {@link #write} may be called from any thread;
 * {@link #read}, {@link #readComplete} and {@link #busy} only on the connection's event loop.
 * The pool queue and the counters are lock-free; the held writes are guarded by their list, so a
 * write from another thread meanwhile sends what is held first and the order of writes stays the
 * order of calls; whether a {@code handle} call wrote is touched by its own thread only, since the
 * tasks run one at a time.
 */
public final class ConnectionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionExecutor.class);

    /** Tasks run per turn on a pool thread before the rest go to the back of the pool's queue, so one busy connection cannot starve the others. */
    public static final int BATCH = 16;
    /** Above this many queued messages the connection stops reading. */
    public static final int HIGH_WATER = 64;
    /** At or below this many it reads again; the gap keeps it from toggling on every message. */
    public static final int LOW_WATER = 16;

    /** What the executor runs for each message the connection receives. */
    public interface Messages {
        /** @return whether a non-blocking handler needs the pool for this message */
        boolean blocks(Object message);

        /** Handles one message and releases it. */
        void handle(Object message);
    }

    private final Channel channel;
    private final EventLoop loop;
    private final Executor pool;
    /** Whether the handler declared itself non-blocking, so its calls may run on the event loop. */
    private final boolean inline;
    private final Messages messages;
    /** Told of every write's outcome; closes the connection when one fails. */
    private final ChannelFutureListener writeDone;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Tasks queued for the pool and not yet finished; the submitter that raises it from 0 schedules a turn. */
    private final AtomicInteger pending = new AtomicInteger();
    /** The one turn object handed to the pool each time, instead of a new method reference per turn. */
    private final Runnable turn = this::runTurn;
    /** Messages queued for the pool and not yet handled: the water marks compare it. */
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicBoolean readPaused = new AtomicBoolean();
    /** The thread inside {@code handle} for this connection, whose writes wait for the flush after it. */
    private volatile Thread handlingThread;
    /** Whether the current {@code handle} call wrote anything; its thread only. */
    private boolean wroteInHandle;
    /** What the current {@code handle} call on a pool thread wrote; guarded by itself. */
    private final List<Object> held = new ArrayList<>(1);
    /** Whether messages handled on the event loop wrote output that waits for the end of the read; event loop only. */
    private boolean flushAfterRead;

    /**
     * @param channel the connection's channel, registered with its event loop
     * @param pool the listener's share of the worker's pool
     * @param inline whether the handler is non-blocking, so that its calls may run on the event loop
     * @param writeDone told of every write's outcome
     * @param messages handles each message the connection receives
     */
    public ConnectionExecutor(Channel channel, Executor pool, boolean inline, ChannelFutureListener writeDone,
            Messages messages) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.pool = pool;
        this.inline = inline;
        this.writeDone = writeDone;
        this.messages = messages;
    }

    /**
     * Runs a task in order with the connection's others: for a non-blocking handler at once when
     * this is the event loop and nothing waits on the pool (from another thread it decides on the
     * loop), else on the pool.
     */
    public void execute(Runnable task) {
        if (!inline) {
            enqueue(task);
        } else if (!loop.inEventLoop()) {
            loop.execute(() -> execute(task));
        } else if (pending.get() == 0) {
            // Only the event loop adds to a non-blocking handler's pool queue, so an empty one
            // stays empty while this task runs.
            task.run();
        } else {
            enqueue(task);
        }
    }

    /** Hands a received message to the handler; above the high-water mark reading stops. Event loop only. */
    public void read(Object message) {
        if (inline && pending.get() == 0 && !messages.blocks(message)) {
            handleInline(message);
            return;
        }
        if (queuedMessages.incrementAndGet() > HIGH_WATER && readPaused.compareAndSet(false, true)) {
            channel.config().setAutoRead(false);
            resumeIfCaughtUp(); // the pool may have emptied the queue before the pause was set
        }
        enqueue(() -> handlePooled(message));
    }

    /** Flushes what the messages handled on the event loop during this read wrote. Event loop only. */
    public void readComplete() {
        if (flushAfterRead) {
            flushAfterRead = false;
            channel.flush();
        }
    }

    /** @return whether messages of the connection wait for the pool or are being handled there; event loop only */
    public boolean busy() {
        return queuedMessages.get() > 0;
    }

    /** Writes a message: held while this thread's {@code handle} call runs on the pool, else sent at once. */
    public void write(Object message) {
        if (Thread.currentThread() == handlingThread) {
            wroteInHandle = true;
            if (loop.inEventLoop()) {
                channel.write(message).addListener(writeDone); // flushed once the read is complete
            } else {
                synchronized (held) {
                    held.add(message);
                }
            }
        } else {
            synchronized (held) {
                if (held.isEmpty()) {
                    channel.writeAndFlush(message).addListener(writeDone);
                } else {
                    held.add(message);
                    sendHeld();
                }
            }
        }
    }

    /** Sends what a pool thread's {@code handle} wrote and holds: a single message as one task on the event loop. */
    public void sendHeld() {
        synchronized (held) {
            int n = held.size();
            if (n == 1) {
                channel.writeAndFlush(held.get(0)).addListener(writeDone);
            } else if (n > 1) {
                for (Object m : held) {
                    channel.write(m).addListener(writeDone);
                }
                channel.flush();
            }
            held.clear();
        }
    }

    private void handlePooled(Object message) {
        try {
            handle(message);
        } finally {
            if (exitHandle()) {
                sendHeld();
            }
            queuedMessages.decrementAndGet();
            resumeIfCaughtUp();
        }
    }

    private void handleInline(Object message) {
        try {
            handle(message);
        } finally {
            flushAfterRead |= exitHandle();
        }
    }

    private void handle(Object message) {
        handlingThread = Thread.currentThread();
        messages.handle(message);
    }

    /** Ends a {@code handle} call, after which writes are sent at once; @return whether it wrote anything */
    private boolean exitHandle() {
        handlingThread = null;
        boolean wrote = wroteInHandle;
        wroteInHandle = false;
        return wrote;
    }

    private void resumeIfCaughtUp() {
        if (queuedMessages.get() <= LOW_WATER && readPaused.compareAndSet(true, false)) {
            channel.config().setAutoRead(true);
        }
    }

    private void enqueue(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            schedule();
        }
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
