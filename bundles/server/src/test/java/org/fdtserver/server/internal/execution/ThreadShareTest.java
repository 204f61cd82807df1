package org.fdtserver.server.internal.execution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/** A listener's share of the pool: never more of its threads at once than the limit, nothing lost. */
public class ThreadShareTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(6);

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    @Test
    public void holdsAtMostItsLimitOfThreadsAndLeavesTheRestOfThePoolFree() throws Exception {
        ThreadShare share = new ThreadShare(pool, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoRunning = new CountDownLatch(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            share.execute(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                twoRunning.countDown();
                await(release);
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(twoRunning.await(10, TimeUnit.SECONDS));
        CountDownLatch other = new CountDownLatch(1);
        pool.execute(other::countDown);
        assertTrue("the rest of the pool still runs other work", other.await(10, TimeUnit.SECONDS));
        assertEquals(2, running.get());
        release.countDown();
        assertTrue("every task ran", done.await(10, TimeUnit.SECONDS));
        assertEquals(2, most.get());
    }

    @Test
    public void runsTasksInTheOrderGivenWithALimitOfOne() throws Exception {
        ThreadShare share = new ThreadShare(pool, 1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            share.execute(() -> {
                order.add(n);
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, (int) order.get(i));
        }
    }

    @Test
    public void aTaskThatThrowsGivesItsThreadBackAndTheOthersStillRun() throws Exception {
        ThreadShare share = new ThreadShare(pool, 1);
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch after = new CountDownLatch(1);
        share.execute(() -> {
            await(queued); // the next task waits behind this one, with no runner of its own
            throw new IllegalStateException("expected by the test");
        });
        share.execute(after::countDown);
        queued.countDown();
        assertTrue("the task behind the failed one got a new runner", after.await(10, TimeUnit.SECONDS));
    }

    @Test
    public void aShutDownPoolRefusesAndTheShareForgetsWhatWaited() {
        pool.shutdown();
        ThreadShare share = new ThreadShare(pool, 1);
        AtomicInteger ran = new AtomicInteger();
        assertThrows(RejectedExecutionException.class, () -> share.execute(ran::incrementAndGet));
        assertEquals(0, ran.get());
    }

    @Test
    public void aLimitMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ThreadShare(pool, 0));
        assertEquals("limit must be > 0, was 0", e.getMessage());
    }

    @Test
    public void aTaskRefusedOnceThePoolShutsDownNeverRunsNotEvenOnARunnerStillBusy() throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        ThreadShare share = new ThreadShare(two, 2);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        share.execute(() -> {
            entered.countDown();
            await(release);
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        two.shutdown(); // the engine stops: the busy runner may finish its task
        assertThrows(RejectedExecutionException.class, () -> share.execute(ran::incrementAndGet));
        release.countDown();
        assertTrue("the busy runner finished", two.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals("the refused task was not run after all", 0, ran.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertFalse("released in time", !latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
