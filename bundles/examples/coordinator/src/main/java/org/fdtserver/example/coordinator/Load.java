package org.fdtserver.example.coordinator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random transfers between accounts {@code acct0..acct<n-1>} on two ledgers, in both directions,
 * from several threads at once; each thread keeps its own connections. Transfer {@code i}'s
 * accounts, direction and amount come from {@code Random(seed, i)}, so a seed names the same
 * transfers whatever the threads' timing. Prints one line per transfer (unless quiet) and a
 * summary: counts, committed transfers per second, latency p50/p99 of committed transfers.
 *
 * <p>With a warm-up, the same threads first run that many further transfers (numbers after the
 * measured ones) over the same connections, all wait for each other, and only then does the
 * measured run start: what the summary reports is this process's steady state, not its JIT
 * compiler's first seconds.
 */
final class Load {

    /** What to run. */
    record Plan(Participant first, Participant second, int accounts, int transfers, int warmup, int threads, long seed,
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
    private final AtomicInteger nextWarmup = new AtomicInteger();
    private final AtomicInteger decisions = new AtomicInteger();
    private final Outcome[] outcomes;
    private final Outcome[] warmupOutcomes;
    /**
     * Every thread waits here after its warm-up; the last one in starts the clock. A phaser, not
     * a barrier: its wait cannot be interrupted or broken (nothing interrupts these threads).
     */
    private final Phaser warm;
    private volatile long startNanos;
    /** Set when the caller is interrupted: no thread starts another transfer. */
    private volatile boolean stopping;

    Load(Plan plan, DecisionLog log, PrintStream out) {
        this.plan = plan;
        this.log = log;
        this.ids = new GlobalIds(log.name());
        this.out = out;
        this.outcomes = new Outcome[plan.transfers()];
        this.warmupOutcomes = new Outcome[plan.warmup()];
        this.warm = new Phaser(plan.threads()) {
            @Override
            protected boolean onAdvance(int phase, int parties) {
                startNanos = System.nanoTime();
                return true; // used once
            }
        };
    }

    /**
     * @return the counts, once every transfer has ended
     * @throws InterruptedException if interrupted; it then starts no more transfers and throws only
     *     once those under way have ended, as their decisions need the log open (a second interrupt
     *     ends that wait)
     */
    Summary run() throws InterruptedException {
        out.println("load: " + plan.transfers() + " transfers between " + plan.first() + " and " + plan.second() + ", "
                + plan.accounts() + " accounts each, " + plan.threads() + " threads, seed " + plan.seed()
                + (plan.warmup() > 0 ? ", after " + plan.warmup() + " warm-up transfers" : "") + ", log " + log.file());
        TwoPhaseTransfer transfer = new TwoPhaseTransfer(log, this::decided);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < plan.threads(); t++) {
            Thread thread = new Thread(() -> work(transfer), "transfers-" + t);
            threads.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            stopping = true;
            out.println("load: interrupted; no more transfers, waiting for those under way");
            for (Thread thread : threads) {
                thread.join();
            }
            throw e;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (plan.warmup() > 0) {
            Summary w = count(warmupOutcomes);
            out.println("warm-up: transfers=" + plan.warmup() + " committed=" + w.committed() + " aborted=" + w.aborted()
                    + " undecided=" + w.undecided() + " in-doubt=" + w.inDoubt());
        }
        return summarize(seconds);
    }

    private void work(TwoPhaseTransfer transfer) {
        try (Link first = new Link(plan.first(), plan.timeout()); Link second = new Link(plan.second(), plan.timeout())) {
            for (int k = nextWarmup.getAndIncrement(); k < plan.warmup() && !stopping; k = nextWarmup.getAndIncrement()) {
                warmupOutcomes[k] = transfer(transfer, first, second, plan.transfers() + k);
            }
            warm.arriveAndAwaitAdvance();
            for (int i = next.getAndIncrement(); i < plan.transfers() && !stopping; i = next.getAndIncrement()) {
                outcomes[i] = transfer(transfer, first, second, i);
            }
        }
    }

    /** Runs transfer number {@code i}: its accounts, direction and amount follow from the seed and {@code i} alone. */
    private Outcome transfer(TwoPhaseTransfer transfer, Link first, Link second, int i) {
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
        if (!plan.quiet()) {
            out.println(o.line());
        }
        return o;
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
        Summary s = count(outcomes);
        long[] nanos = Arrays.stream(outcomes).filter(Outcome::committed).mapToLong(Outcome::nanos).toArray();
        Latencies latencies = new Latencies(nanos);
        out.println(String.format(Locale.ROOT,
                "summary: transfers=%d committed=%d aborted=%d undecided=%d in-doubt=%d seconds=%.3f committed/s=%.1f"
                        + " p50=%.2fms p99=%.2fms",
                outcomes.length, s.committed(), s.aborted(), s.undecided(), s.inDoubt(), seconds, s.committed() / seconds,
                latencies.millis(50), latencies.millis(99)));
        int inDoubt = s.inDoubt() + (plan.warmup() > 0 ? count(warmupOutcomes).inDoubt() : 0);
        if (inDoubt > 0) {
            out.println("load: " + inDoubt + " transfer(s) left branches in doubt: run recover");
        }
        return new Summary(s.committed(), s.aborted(), s.undecided(), inDoubt);
    }

    /** @return the counts; every transfer has run (each thread runs until none is left) */
    private static Summary count(Outcome[] all) {
        int committed = 0;
        int aborted = 0;
        int undecided = 0;
        int inDoubt = 0;
        for (Outcome o : all) {
            switch (o.decision()) {
                case COMMITTED -> committed++;
                case ABORTED -> aborted++;
                default -> undecided++;
            }
            inDoubt += o.inDoubt() ? 1 : 0;
        }
        return new Summary(committed, aborted, undecided, inDoubt);
    }
}
