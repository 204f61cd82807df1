package org.fdtserver.runtime.protocol;

/**
 * The time limits launcher and worker must agree on, in one place so that they nest: a worker
 * asked to drain waits at most {@link #drainLimitMillis} for its connections, then up to
 * {@link #FRAMEWORK_STOP_MILLIS} for its framework to stop; the launcher kills it only after
 * both and a margin ({@link #drainKillAfterMillis}).
 */
public final class TimingBudgets {

    /** How often a READY worker sends STATUS. */
    public static final long HEARTBEAT_INTERVAL_MILLIS = 1000;
    /** A READY worker silent this long is hung and killed. */
    public static final long HEARTBEAT_TIMEOUT_MILLIS = Math.max(10_000, 3 * HEARTBEAT_INTERVAL_MILLIS);
    /** Beyond the graceful timeout, how long a draining worker waits for its engine's drain to end. */
    public static final long DRAIN_MARGIN_MILLIS = 5_000;
    /** How long a worker waits for its OSGi framework to stop. */
    public static final long FRAMEWORK_STOP_MILLIS = 10_000;
    /** Grace the launcher gives a worker between HALT (or its last budget) and SIGKILL. */
    public static final long KILL_MARGIN_MILLIS = 5_000;

    private TimingBudgets() {
    }

    /** @return how long a draining worker waits for its connections to finish */
    public static long drainLimitMillis(long gracefulTimeoutMillis) {
        return gracefulTimeoutMillis + DRAIN_MARGIN_MILLIS;
    }

    /** @return after how long the launcher kills a worker it asked to drain: drain, framework stop and a margin */
    public static long drainKillAfterMillis(long gracefulTimeoutMillis) {
        return drainLimitMillis(gracefulTimeoutMillis) + FRAMEWORK_STOP_MILLIS + KILL_MARGIN_MILLIS;
    }
}
