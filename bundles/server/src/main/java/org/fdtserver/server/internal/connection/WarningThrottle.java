package org.fdtserver.server.internal.connection;

import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Keeps per-connection WARNING lines that clients can cause (refused connections, frame timeouts,
 * rejected frames) from flooding the log: the first line of a kind is logged in full, the others of
 * that kind within the interval after it are only counted, and one line sums them up when the
 * interval ends. Thread-safe.
 */
public final class WarningThrottle {

    /** The interval of the engine's throttle. */
    static final long INTERVAL_SECONDS = 10;

    /** Runs a task after a delay. */
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Scheduler scheduler;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** The engine's throttle: {@value #INTERVAL_SECONDS} s intervals, summed up on Netty's global timer thread. */
    public WarningThrottle() {
        this(TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS), System::nanoTime,
                (task, delayNanos) -> GlobalEventExecutor.INSTANCE.schedule(task, delayNanos, TimeUnit.NANOSECONDS));
    }

    /**
     * @param intervalNanos how long after a line of a kind further lines of that kind are only counted
     * @param clock the time in nanoseconds
     * @param scheduler runs the summing-up line when an interval ends
     */
    WarningThrottle(long intervalNanos, LongSupplier clock, Scheduler scheduler) {
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * Logs the line at WARNING, or counts it if a line of the same kind was logged less than an
     * interval ago.
     *
     * @param log the logger to log to
     * @param kind what lines of this kind have in common, in words: the summing-up line starts with it;
     *     the same few strings every time (no addresses or ids), since each one is remembered
     * @param format the line, in SLF4J's format (a last Throwable argument is logged with its stack trace)
     * @param arguments its arguments
     */
    void warn(Logger log, String kind, String format, Object... arguments) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = clock.getAsLong();
        int counted;
        synchronized (window) {
            if (window.open && now - window.startNanos < intervalNanos) {
                if (window.counted++ == 0) {
                    long start = window.startNanos;
                    scheduler.schedule(() -> endInterval(log, kind, window, start), start + intervalNanos - now);
                }
                return;
            }
            counted = window.counted; // lines of an interval whose end is not summed up yet
            window.counted = 0;
            window.open = true;
            window.startNanos = now;
        }
        if (counted > 0) {
            sumUp(log, kind, counted);
        }
        log.warn(format, arguments);
    }

    private void endInterval(Logger log, String kind, Window window, long start) {
        int counted;
        synchronized (window) {
            if (window.startNanos != start) {
                return; // a line after the interval started a new one, and summed this one up first
            }
            counted = window.counted;
            window.counted = 0;
        }
        sumUp(log, kind, counted);
    }

    private void sumUp(Logger log, String kind, int counted) {
        log.warn("{} ({} more in the last {} s)", kind, counted, TimeUnit.NANOSECONDS.toSeconds(intervalNanos));
    }

    /** One kind's current interval; guarded by itself. */
    private static final class Window {
        private boolean open;
        private long startNanos;
        private int counted;
    }
}
