package org.fdtserver.benchmarks.echo;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The figures of one measured run, printed as the single {@code RESULT} line that run.sh parses
 * (the same fields its wrk script prints): latencies in microseconds.
 *
 * @param latencyNanos the latency of every answer received during the run
 * @param elapsedNanos how long the run lasted
 * @param errors failed connects, unexpected closes and wrong answers
 */
record LoadResult(Histogram latencyNanos, long elapsedNanos, long errors) {

    long requests() {
        return latencyNanos.getTotalCount();
    }

    double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : requests() * 1e9 / elapsedNanos;
    }

    String format() {
        return String.format(Locale.ROOT,
                "RESULT requests=%d duration_s=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d errors=%d",
                requests(), elapsedNanos / 1e9, requestsPerSecond(), micros(latencyNanos.getValueAtPercentile(50)),
                micros(latencyNanos.getValueAtPercentile(99)), micros(latencyNanos.getMaxValue()), errors);
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }
}
