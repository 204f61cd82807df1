package org.fdtserver.example.coordinator;

import java.util.Arrays;

/** Percentiles of a set of durations, nearest-rank. */
final class Latencies {

    private final long[] sorted;

    /** @param nanos the durations, in nanoseconds */
    Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /**
     * @param p the percentile, 0 &lt; p &lt;= 100
     * @return it in milliseconds, or 0 with no samples
     */
    double millis(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }
}
