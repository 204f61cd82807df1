package org.fdtserver.benchmarks.echo;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.Test;

public class LoadResultTest {

    @Test
    public void printsTheFieldsRunShParsesInMicroseconds() {
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int i = 1; i <= 100; i++) {
            latencies.recordValue(TimeUnit.MICROSECONDS.toNanos(i * 10L));
        }
        LoadResult result = new LoadResult(latencies, TimeUnit.SECONDS.toNanos(2), 3);

        assertEquals("RESULT requests=100 duration_s=2.000 rps=50.0 p50_us=500 p99_us=990 max_us=1000 errors=3",
                result.format());
    }

    @Test
    public void anEmptyRunHasNoRate() {
        LoadResult result = new LoadResult(new Histogram(3), 0, 1);

        assertEquals(0.0, result.requestsPerSecond(), 0.0);
    }
}
