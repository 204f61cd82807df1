package org.fdtserver.example.coordinator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random transfers between accounts {@code acct0..acct<n-1>} on two ledgers, in both directions,
 * from several threads at once; each thread keeps its own connections. Transfer {@code i}'s
 * accounts, direction and amount come from {@code Random(seed, i)}, so a seed names the same
 * transfers whatever the threads' timing. Prints one line per transfer (unless quiet) and a
 * summary: counts, committed transfers per second, latency p50/p99 of committed transfers.
 */
final class Load {

    /** What to run. */
    record Plan(Participant first, Participant second, int accounts, int transfers, int threads, long seed,
            long maxCents, int haltAfterDecision, boolean quiet, Duration timeout) {
    }

    /** The counts after a run. */
    record Summary(int committed, int aborted, int undecided, int inDoubt) {
    }

    /** Exit status when {@code --halt-after-decision} stopped the run on purpose. */
    static final int HALTED = 3;

    private final Plan plan;
    private final DecisionLog log;
    private final GlobalIds ids;
    private final PrintStream out;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger decisions = new AtomicInteger();
    private final Outcome[] outcomes;

    Load(Plan plan, DecisionLog log, PrintStream out) {
        this.plan = plan;
        this.log = log;
        this.ids = new GlobalIds(log.name());
        this.out = out;
        this.outcomes = new Outcome[plan.transfers()];
    }

    /** @return the counts, once every transfer has ended */
    Summary run() throws InterruptedException {
        out.println("load: " + plan.transfers() + " transfers between " + plan.first() + " and " + plan.second() + ", "
                + plan.accounts() + " accounts each, " + plan.threads() + " threads, seed " + plan.seed()
                + ", log " + log.file());
        TwoPhaseTransfer transfer = new TwoPhaseTransfer(log, this::decided);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < plan.threads(); t++) {
            Thread thread = new Thread(() -> work(transfer), "transfers-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summarize(seconds);
    }

    private void work(TwoPhaseTransfer transfer) {
        try (Link first = new Link(plan.first(), plan.timeout()); Link second = new Link(plan.second(), plan.timeout())) {
            for (int i = next.getAndIncrement(); i < plan.transfers(); i = next.getAndIncrement()) {
                SplittableRandom r = new SplittableRandom(plan.seed() * 1_000_003L + i);
                String a = "acct" + r.nextInt(plan.accounts());
                String b = "acct" + r.nextInt(plan.accounts());
                long cents = 1 + (long) (r.nextDouble() * plan.maxCents());
                boolean firstPays = r.nextBoolean();
                String gid = ids.next();
                List<Leg> legs = List.of(
                        new Leg(first, gid, (firstPays ? "DEBIT " : "CREDIT ") + a + " " + cents),
                        new Leg(second, gid, (firstPays ? "CREDIT " : "DEBIT ") + b + " " + cents));
                Outcome o = transfer.run(gid, legs);
                outcomes[i] = o;
                if (!plan.quiet()) {
                    out.println(o.line());
                }
            }
        }
    }

    private void decided(String gid) {
        if (decisions.incrementAndGet() == plan.haltAfterDecision()) {
            out.println("HALT: the decision for " + gid + " is logged; stopping before phase two (--halt-after-decision "
                    + plan.haltAfterDecision() + ")");
            out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    private Summary summarize(double seconds) {
        int committed = 0;
        int aborted = 0;
        int undecided = 0;
        int inDoubt = 0;
        List<Long> nanos = new ArrayList<>();
        for (Outcome o : outcomes) {
            switch (o.decision()) {
                case COMMITTED -> {
                    committed++;
                    nanos.add(o.nanos());
                }
                case ABORTED -> aborted++;
                default -> undecided++;
            }
            inDoubt += o.inDoubt() ? 1 : 0;
        }
        Latencies latencies = new Latencies(nanos.stream().mapToLong(Long::longValue).toArray());
        out.println(String.format(Locale.ROOT,
                "summary: transfers=%d committed=%d aborted=%d undecided=%d in-doubt=%d seconds=%.3f committed/s=%.1f"
                        + " p50=%.2fms p99=%.2fms",
                outcomes.length, committed, aborted, undecided, inDoubt, seconds, committed / seconds,
                latencies.millis(50), latencies.millis(99)));
        if (inDoubt > 0) {
            out.println("load: " + inDoubt + " transfer(s) left branches in doubt: run recover");
        }
        return new Summary(committed, aborted, undecided, inDoubt);
    }
}
