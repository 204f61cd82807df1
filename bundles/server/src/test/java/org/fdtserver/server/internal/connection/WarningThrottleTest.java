package org.fdtserver.server.internal.connection;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.After;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** At most one line per kind and interval, then one line that sums up the rest, on a clock the test moves. */
public class WarningThrottleTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final Logger log = LoggerFactory.getLogger("test.throttle");
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger("test.throttle");
    private final List<String> lines = new ArrayList<>();
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
            lines.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private long now = 5;
    private final WarningThrottle throttle = new WarningThrottle(INTERVAL, () -> now, (task, delay) -> {
        scheduled.add(task);
        delays.add(delay);
    });

    public WarningThrottleTest() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
    }

    @After
    public void detach() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
    }

    @Test
    public void theFirstLineIsLoggedAndTheRestOfItsIntervalSummedUpWhenItEnds() {
        throttle.warn(log, "refusing connections on echo", "refusing connection {} from {}", 1, "a");
        now += INTERVAL / 2;
        for (int i = 2; i <= 6; i++) {
            throttle.warn(log, "refusing connections on echo", "refusing connection {} from {}", i, "a");
        }
        assertEquals(List.of("WARNING refusing connection 1 from a"), lines);
        assertEquals("one summing-up per interval, due at its end", List.of(INTERVAL / 2), delays);
        now += INTERVAL / 2;
        scheduled.get(0).run();
        assertEquals(List.of("WARNING refusing connection 1 from a",
                "WARNING refusing connections on echo (5 more in the last 10 s)"), lines);
        throttle.warn(log, "refusing connections on echo", "refusing connection {} from {}", 7, "a");
        assertEquals("a new interval starts with a full line", "WARNING refusing connection 7 from a", lines.get(2));
    }

    @Test
    public void kindsAreCountedApart() {
        throttle.warn(log, "a", "first a");
        throttle.warn(log, "b", "first b");
        throttle.warn(log, "a", "second a");
        assertEquals(List.of("WARNING first a", "WARNING first b"), lines);
    }

    @Test
    public void aLoneLineNeedsNoSummingUp() {
        throttle.warn(log, "a", "only a");
        now += INTERVAL;
        throttle.warn(log, "a", "next a");
        assertEquals(List.of("WARNING only a", "WARNING next a"), lines);
        assertEquals(List.of(), scheduled);
    }

    @Test
    public void aLineAfterTheIntervalSumsItUpFirstWhenTheTimerIsLate() {
        throttle.warn(log, "a", "first a");
        throttle.warn(log, "a", "second a");
        now += INTERVAL;
        throttle.warn(log, "a", "third a");
        scheduled.get(0).run(); // late: the new interval has summed up the old one already
        assertEquals(List.of("WARNING first a", "WARNING a (1 more in the last 10 s)", "WARNING third a"), lines);
    }

    @Test
    public void aThrowableLastArgumentKeepsItsStackTrace() {
        IllegalStateException failure = new IllegalStateException("expected by the test");
        throttle.warn(log, "a", "handler failed on {}", "echo", failure);
        assertEquals("WARNING handler failed on echo", lines.get(0));
        assertNotNull(records.get(0).getThrown());
    }

    @Test
    public void theEnginesThrottleSumsUpOnNettysTimer() {
        WarningThrottle engines = new WarningThrottle();
        engines.warn(log, "a", "from the engine's throttle");
        engines.warn(log, "a", "counted, and summed up in 10 s on Netty's global timer");
        assertEquals(List.of("WARNING from the engine's throttle"), lines);
    }
}
