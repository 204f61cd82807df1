package org.fdtserver.server.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/** A connection's tasks on the pool: one at a time, in order, in turns that let other connections run. */
public class ConnectionExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    @Test
    public void runsEachExecutorsTasksInOrderAndOneAtATime() throws Exception {
        int executors = 8;
        int tasksEach = 2_000;
        CountDownLatch done = new CountDownLatch(executors * tasksEach);
        List<List<Integer>> seen = new ArrayList<>();
        List<AtomicInteger> running = new ArrayList<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<ConnectionExecutor> serials = new ArrayList<>();
        for (int e = 0; e < executors; e++) {
            seen.add(Collections.synchronizedList(new ArrayList<>()));
            running.add(new AtomicInteger());
            serials.add(pooled(pool));
        }
        for (int i = 0; i < tasksEach; i++) {
            for (int e = 0; e < executors; e++) {
                int task = i;
                int executor = e;
                serials.get(e).execute(() -> {
                    if (running.get(executor).incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.get(executor).add(task);
                    running.get(executor).decrementAndGet();
                    done.countDown();
                });
            }
        }
        assertTrue("all tasks ran", done.await(10, TimeUnit.SECONDS));
        assertEquals("tasks of one executor overlapping", 0, overlaps.get());
        for (List<Integer> order : seen) {
            for (int i = 0; i < tasksEach; i++) {
                assertEquals(i, (int) order.get(i));
            }
        }
    }

    @Test
    public void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        ConnectionExecutor serial = pooled(pool);
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        serial.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }

    @Test
    public void aBusyExecutorLetsOthersRunBetweenItsBatches() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ConnectionExecutor busy = pooled(single);
            ConnectionExecutor other = pooled(single);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            busy.execute(() -> await(gate));
            for (int i = 0; i < ConnectionExecutor.BATCH * 2; i++) {
                busy.execute(() -> order.add("busy"));
            }
            other.execute(() -> order.add("other"));
            busy.execute(done::countDown);
            gate.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            int other1 = order.indexOf("other");
            assertTrue("other ran before busy finished: " + other1, other1 > 0 && other1 < ConnectionExecutor.BATCH * 2);
        } finally {
            single.shutdownNow();
        }
    }

    /** An executor for a blocking handler's connection, whose tasks all run on the given pool. */
    @Test
    public void aShutDownPoolDropsTheTasksWithoutThrowingAndIsAskedAgainNextTime() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        ConnectionExecutor serial = pooled(task -> {
            asked.incrementAndGet();
            throw new RejectedExecutionException("shut down");
        });
        serial.execute(ran::incrementAndGet);
        serial.execute(ran::incrementAndGet);
        assertEquals("nothing ran", 0, ran.get());
        assertEquals("the dropped queue does not wedge the executor: each task asks the pool again", 2, asked.get());
    }

    @Test
    public void aWriteOutsideHandleIsSentAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<Boolean> outcomes = new ArrayList<>();
        ConnectionExecutor serial = new ConnectionExecutor(channel, Runnable::run, false,
                future -> outcomes.add(future.isSuccess()), null);
        serial.write("hello");
        assertEquals("flushed without waiting for a read", "hello", channel.readOutbound());
        assertEquals(List.of(true), outcomes);
    }

    private static ConnectionExecutor pooled(Executor pool) {
        return new ConnectionExecutor(new EmbeddedChannel(), pool, false, future -> { }, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
