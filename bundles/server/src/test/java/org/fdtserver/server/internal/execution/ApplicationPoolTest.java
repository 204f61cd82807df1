package org.fdtserver.server.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class ApplicationPoolTest {

    @Test
    public void aPoolWithoutThreadsIsRefused() {
        assertEquals("threads must be > 0, was 0",
                assertThrows(IllegalArgumentException.class, () -> ApplicationPool.create(0)).getMessage());
    }

    @Test
    public void itsThreadsAreNamedDaemons() throws Exception {
        ThreadPoolExecutor pool = ApplicationPool.create(2);
        try {
            Thread thread = CompletableFuture.supplyAsync(Thread::currentThread, pool).get(10, TimeUnit.SECONDS);
            assertTrue(thread.getName(), thread.getName().startsWith("fdt-pool-"));
            assertTrue(thread.isDaemon());
            assertEquals(2, pool.getMaximumPoolSize());
        } finally {
            pool.shutdownNow();
        }
    }
}
