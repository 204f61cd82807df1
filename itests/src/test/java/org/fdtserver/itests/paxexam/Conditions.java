package org.fdtserver.itests.paxexam;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline inside the container, where Awaitility is not provisioned. */
final class Conditions {

    private Conditions() {
    }

    static void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not reached within " + deadline + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
