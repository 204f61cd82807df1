package org.fdtserver.example.coordinator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/**
 * {@code transfer} through the command line against two fake ledgers on 127.0.0.1: what the
 * user sees (exit status, outcome line, the decision log) when a ledger refuses, votes, or loses
 * the connection in each phase; faults of the operating system (a decision that cannot be forced
 * to disk, a socket that fails to close) are injected with Byteman.
 */
@RunWith(BMUnitRunner.class)
public class TransferTest {

    private static final String GID = "coord\\.[0-9a-z]+\\.1";
    private static final String HEADER = "# ledger-coordinator log name=coord\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path log;
    /** The ledger the coordinator drives first (the lower address) and the other one. */
    private FakeLedger first;
    private FakeLedger second;

    @Before
    public void ledgers() throws IOException {
        List<FakeLedger> two = Stream.of(new FakeLedger(), new FakeLedger()).sorted(Comparator.comparing(FakeLedger::address)).toList();
        first = two.get(0);
        second = two.get(1);
        log = tmp.getRoot().toPath().resolve("decisions.log");
    }

    @After
    public void closeLedgers() throws IOException {
        first.close();
        second.close();
    }

    /** Moves 250 cents from alice on the first ledger to bob on the second. */
    private int transfer() {
        return Main.run(List.of("transfer", "--log", log.toString(), "--timeout", "5", "alice@" + first.address(), "bob@" + second.address(), "250"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue("expected " + regex + "\n but got " + actual, actual.matches(regex));
    }

    private static String q(FakeLedger l) {
        return l.address().replace(".", "\\.");
    }

    private String gid() {
        return first.requests().get(0).split(" ")[2];
    }

    @Test
    public void aRefusedBeginAbortsBeforeTheOtherLedgerIsAsked() throws Exception {
        first.on("BEGIN", r -> "ERR a transaction is active already");
        assertEquals(5, transfer());
        assertMatches("ABORTED " + GID + ": BEGIN on " + q(first) + ": ERR a transaction is active already\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), second.requests());
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void aReadOnlyVoteLeavesThatLedgerOutOfPhaseTwo() throws Exception {
        first.on("PREPARE", r -> "OK READ-ONLY");
        assertEquals(0, transfer());
        String gid = gid();
        assertEquals("COMMITTED " + gid + "\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("BEGIN", "DEBIT", "PREPARE"), first.verbs());
        assertEquals(List.of("BEGIN", "CREDIT", "PREPARE", "COMMIT"), second.verbs());
        assertEquals(HEADER + "COMMIT " + gid + " " + first.address() + " " + second.address() + "\n", Files.readString(log));
    }

    @Test
    public void aNoVoteRollsBackThePreparedLegOverANewConnectionWhenItsOwnIsLost() throws Exception {
        second.on("PREPARE", r -> "ERR vote no: rolled back");
        first.on("ROLLBACK", r -> FakeLedger.CLOSE);
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": PREPARE on " + second.address() + ": ERR vote no: rolled back\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 PREPARE", "1 ROLLBACK", "2 ROLLBACK-PREPARED " + gid), first.requests());
        assertEquals(List.of("BEGIN", "CREDIT", "PREPARE"), second.verbs());
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void aNoVoteRollsBackThePreparedLegOnItsOwnConnection() throws Exception {
        second.on("PREPARE", r -> "ERR vote no: rolled back");
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": PREPARE on " + second.address() + ": ERR vote no: rolled back\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("rolled back where it was prepared: no second connection", List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 PREPARE", "1 ROLLBACK"),
                first.requests());
        assertEquals(List.of("BEGIN", "CREDIT", "PREPARE"), second.verbs());
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void aPreparedLegWhoseRollbackIsRefusedIsRolledBackByGlobalId() throws Exception {
        second.on("PREPARE", r -> "ERR vote no: rolled back");
        first.on("ROLLBACK", r -> "ERR database unavailable (SQL state 08006)");
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": PREPARE on " + second.address() + ": ERR vote no: rolled back\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 PREPARE", "1 ROLLBACK", "2 ROLLBACK-PREPARED " + gid), first.requests());
    }

    @Test
    public void aConnectionLostAtPrepareAbortsAndRollsThatMaybePreparedBranchBackByGlobalId() throws Exception {
        second.on("PREPARE", r -> FakeLedger.CLOSE); // the vote is lost: the branch may be prepared there
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": PREPARE on " + second.address() + ": connection lost: closed by " + second.address()
                + " before answering PREPARE\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 PREPARE", "1 ROLLBACK"), first.requests());
        // resolved by global id over a new connection, as any worker of that ledger can
        assertEquals(List.of("1 BEGIN " + gid, "1 CREDIT bob 250", "1 PREPARE", "2 ROLLBACK-PREPARED " + gid), second.requests());
        assertEquals("nothing committed", "", out.toString(StandardCharsets.UTF_8));
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void anActiveLegWhoseRollbackLosesTheConnectionIsDoneWithoutMore() throws Exception {
        second.on("BEGIN", r -> "ERR database unavailable (SQL state 08006)");
        first.on("ROLLBACK", r -> FakeLedger.CLOSE); // the ledger rolls back a branch whose connection is gone
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": BEGIN on " + second.address() + ": ERR database unavailable (SQL state 08006)\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 ROLLBACK"), first.requests());
    }

    @Test
    public void branchesThatCannotBeCommittedNowAreLeftInDoubtForRecoverWithExitFour() throws Exception {
        first.on("COMMIT", r -> FakeLedger.CLOSE).on("COMMIT-PREPARED", r -> "ERR database unavailable (SQL state 08006)");
        second.on("COMMIT", r -> "ERR database unavailable (SQL state 57P01)").on("COMMIT-PREPARED", r -> FakeLedger.CLOSE);
        assertEquals(4, transfer());
        String gid = gid();
        assertEquals("COMMITTED " + gid + " [left in doubt for recover: COMMIT-PREPARED on " + first.address()
                + ": ERR database unavailable (SQL state 08006); COMMIT-PREPARED on " + second.address() + ": closed by "
                + second.address() + " before answering COMMIT-PREPARED " + gid + "]\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 PREPARE", "1 COMMIT", "2 COMMIT-PREPARED " + gid), first.requests());
        assertEquals(List.of("1 BEGIN " + gid, "1 CREDIT bob 250", "1 PREPARE", "1 COMMIT", "2 COMMIT-PREPARED " + gid), second.requests());
        // the decision is logged, so recover will commit both branches
        assertEquals(HEADER + "COMMIT " + gid + " " + first.address() + " " + second.address() + "\n", Files.readString(log));
    }

    @Test
    public void refusedWorkRollsBackTheOtherActiveLeg() throws Exception {
        second.on("CREDIT", r -> "ERR no account bob");
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": CREDIT bob 250 on " + second.address() + ": ERR no account bob\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 ROLLBACK"), first.requests());
        assertEquals(List.of("BEGIN", "CREDIT", "ROLLBACK"), second.verbs());
        assertEquals(HEADER, Files.readString(log));
    }

    @Test
    public void aConnectionLostInPhaseOneAbortsAndSaysWhere() throws Exception {
        second.on("BEGIN", r -> FakeLedger.CLOSE);
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": BEGIN " + gid + " on " + second.address() + ": connection lost: closed by " + second.address()
                + " before answering BEGIN " + gid + "\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 ROLLBACK"), first.requests());
        assertEquals(List.of("1 BEGIN " + gid), second.requests()); // nothing more: the ledger rolls back a lost connection's branch
    }

    @Test
    @BMRule(name = "the decision cannot be forced to disk",
            targetClass = "^java.nio.channels.FileChannel", targetMethod = "force(boolean)",
            condition = "callerEquals(\"org.fdtserver.example.coordinator.DecisionLog.commit\", true, true)",
            action = "throw new java.io.IOException(\"Input/output error\")")
    public void aDecisionThatCannotBeForcedLeavesBothBranchesPreparedForRecoverWithExitFour() throws Exception {
        assertEquals(4, transfer());
        String gid = gid();
        assertEquals("UNDECIDED " + gid + ": cannot log the decision [left in doubt for recover: " + first.address()
                + ": decision not logged (Input/output error); " + second.address() + ": decision not logged (Input/output error)]\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("no phase two", List.of("BEGIN", "DEBIT", "PREPARE"), first.verbs());
        assertEquals(List.of("BEGIN", "CREDIT", "PREPARE"), second.verbs());
        // Written but maybe not on disk: recover decides from what the file holds when it runs.
        assertEquals(HEADER + "COMMIT " + gid + " " + first.address() + " " + second.address() + "\n", Files.readString(log));
    }

    @Test
    @BMRule(name = "a ledger connection's socket fails to close",
            targetClass = "java.net.Socket", targetMethod = "close",
            condition = "callerEquals(\"org.fdtserver.example.coordinator.LedgerConnection.close\", true, true)",
            action = "throw new java.io.IOException(\"close failed\")")
    public void aSocketThatFailsToCloseHidesNeitherTheLostConnectionNorTheRollback() throws Exception {
        second.on("BEGIN", r -> FakeLedger.CLOSE);
        assertEquals(5, transfer());
        String gid = gid();
        assertEquals("ABORTED " + gid + ": BEGIN " + gid + " on " + second.address() + ": connection lost: closed by " + second.address()
                + " before answering BEGIN " + gid + "\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("1 BEGIN " + gid, "1 DEBIT alice 250", "1 ROLLBACK"), first.requests());
    }

    @Test
    public void aCoordinatorInterruptedBeforeItsDecisionLeavesTheTransferUndecidedForRecoverWithExitFour() throws Exception {
        Thread coordinator = Thread.currentThread();
        // Interrupted while it waits for the last vote: the log's channel refuses the decision
        // (an interrupted thread's file I/O closes the channel), and closing the log after that is no error.
        second.on("PREPARE", r -> {
            coordinator.interrupt();
            return "OK PREPARED";
        });
        int status;
        try {
            status = transfer();
        } finally {
            assertTrue("the interrupt is kept for the caller", Thread.interrupted());
        }
        assertMatches("UNDECIDED " + GID + ": cannot log the decision \\[left in doubt for recover: " + q(first) + ": decision not logged \\(.*\\); "
                + q(second) + ": decision not logged \\(.*\\)]\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(4, status);
        assertEquals("no phase two", List.of("BEGIN", "DEBIT", "PREPARE"), first.verbs());
        assertEquals(List.of("BEGIN", "CREDIT", "PREPARE"), second.verbs());
        assertEquals(HEADER, Files.readString(log));
        assertEquals("nothing committed", "", out.toString(StandardCharsets.UTF_8));
    }
}
