package org.fdtserver.example.coordinator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code load} against two fake ledgers on 127.0.0.1, one thread, so the outcome lines come in order. */
public class LoadTest {

    private static final String HEADER = "# ledger-coordinator log name=coord\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path log;
    private FakeLedger a;
    private FakeLedger b;

    @Before
    public void ledgers() throws IOException {
        a = new FakeLedger();
        b = new FakeLedger();
        log = tmp.getRoot().toPath().resolve("decisions.log");
    }

    @After
    public void closeLedgers() throws IOException {
        a.close();
        b.close();
    }

    private int load(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("load", "--log", log.toString(), "--timeout", "5", "--threads", "1",
                "--seed", "7"));
        args.addAll(List.of(options));
        args.addAll(List.of(a.address(), b.address()));
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue("expected " + regex + "\n but got " + actual, actual.matches(regex));
    }

    @Test
    public void warmUpTransfersAreCountedApartAndBranchesLeftInDoubtEndWithExitFour() throws Exception {
        // every COMMIT on a loses its connection and a's COMMIT-PREPARED is refused: each transfer stays in doubt there
        a.on("COMMIT", r -> FakeLedger.CLOSE).on("COMMIT-PREPARED", r -> "ERR database unavailable (SQL state 08006)");

        assertEquals(4, load("--transfers", "2", "--warmup", "1", "--quiet"));

        List<String> lines = outLines();
        assertEquals(lines.toString(), 4, lines.size()); // --quiet: no line per transfer
        assertEquals("load: 2 transfers between " + a.address() + " and " + b.address() + ", 10 accounts each, 1 threads, seed 7"
                + ", after 1 warm-up transfers, log " + log, lines.get(0));
        assertEquals("warm-up: transfers=1 committed=1 aborted=0 undecided=0 in-doubt=1", lines.get(1));
        assertMatches("summary: transfers=2 committed=2 aborted=0 undecided=0 in-doubt=2 seconds=\\S+ committed/s=\\S+ p50=\\S+ms p99=\\S+ms",
                lines.get(2));
        assertEquals("load: 3 transfer(s) left branches in doubt: run recover", lines.get(3));
        assertEquals(3, Files.readAllLines(log).stream().filter(l -> l.startsWith("COMMIT ")).count());
    }

    @Test
    public void abortedTransfersAreCountedAndPrintedWithTheirReasonAndTheRunStillSucceeds() throws Exception {
        b.on("BEGIN", r -> "ERR database unavailable (SQL state 08006)");

        assertEquals(0, load("--transfers", "2"));

        List<String> lines = outLines();
        assertMatches("ABORTED coord\\.\\w+\\.1: BEGIN on " + Pattern.quote(b.address()) + ": ERR database unavailable \\(SQL state 08006\\)",
                lines.get(1));
        assertMatches("ABORTED coord\\.\\w+\\.2: .*", lines.get(2));
        assertMatches("summary: transfers=2 committed=0 aborted=2 undecided=0 in-doubt=0 .*", lines.get(3));
        assertEquals(4, lines.size());
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void whenTheLogFailsNoLaterDecisionIsTakenAndEveryBranchStaysPreparedForRecover() throws Exception {
        DecisionLog decisions = DecisionLog.open(log, null);
        // The log's file channel fails while the first transfer is in phase one (here: it is closed under it).
        AtomicBoolean failed = new AtomicBoolean();
        b.on("PREPARE", r -> {
            try {
                if (!failed.getAndSet(true)) {
                    decisions.close();
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return "OK PREPARED";
        });
        Load.Plan plan = new Load.Plan(a.participant(), b.participant(), 10, 2, 0, 1, 7, 100, 0, false, Duration.ofSeconds(5));

        Load.Summary summary = new Load(plan, decisions, new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        assertEquals(new Load.Summary(0, 0, 2, 2), summary);
        List<String> lines = outLines();
        assertMatches("UNDECIDED coord\\.\\w+\\.1: cannot log the decision \\[left in doubt for recover: "
                + Pattern.quote(a.address()) + ": decision not logged \\(.*\\); " + Pattern.quote(b.address()) + ": decision not logged \\(.*\\)]", lines.get(1));
        assertMatches("UNDECIDED coord\\.\\w+\\.2: cannot log the decision \\[left in doubt for recover: "
                + Pattern.quote(a.address()) + ": decision not logged \\(the log " + Pattern.quote(log.toString()) + " failed earlier \\(.*\\); no more decisions\\); .*]", lines.get(2));
        assertMatches("summary: transfers=2 committed=0 aborted=0 undecided=2 in-doubt=2 .*", lines.get(3));
        assertEquals("load: 2 transfer(s) left branches in doubt: run recover", lines.get(4));
        // nothing decided, so nothing finished: both branches of both transfers wait, prepared, for recover
        for (FakeLedger l : List.of(a, b)) {
            assertEquals(List.of("BEGIN", "PREPARE", "BEGIN", "PREPARE"), l.verbs().stream().filter(v -> !v.equals("DEBIT") && !v.equals("CREDIT")).toList());
        }
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void anInterruptedCoordinatorStartsNoMoreTransfersFinishesThoseUnderWayAndSaysSoWithExitOne() throws Exception {
        Thread coordinator = Thread.currentThread();
        CountDownLatch returned = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        a.on("BEGIN", r -> {
            if (first.getAndSet(false)) {
                // Interrupt it while it waits for its transfer thread, and hold this transfer until
                // it has stopped starting new ones (or, wrongly, has returned).
                awaitState(coordinator, Thread.State.WAITING);
                coordinator.interrupt();
                await(() -> out.toString(StandardCharsets.UTF_8).contains("load: interrupted") || returned.getCount() == 0);
            }
            return "ERR a transaction is active already";
        });
        int status;
        try {
            status = load("--transfers", "3");
        } finally {
            returned.countDown();
            assertTrue("the interrupt is kept for the caller", Thread.interrupted());
        }
        assertEquals(1, status);
        assertEquals("ledger-coordinator: interrupted\n", err.toString(StandardCharsets.UTF_8));
        List<String> lines = outLines();
        assertEquals(lines.toString(), 3, lines.size());
        assertEquals("load: interrupted; no more transfers, waiting for those under way", lines.get(1));
        assertMatches("the transfer under way ended before it returned: ABORTED coord\\.\\w+\\.1: BEGIN on .*", "the transfer under way ended before it returned: "
                + lines.get(2));
        assertEquals("transfers 2 and 3 never began", List.of("BEGIN"), a.verbs());
        assertEquals(List.of(), b.requests());
        assertEquals(HEADER, Files.readString(log));
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread + " is " + thread.getState() + ", not " + state);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
