package org.fdtserver.example.coordinator;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code recover} and the log's errors, through the command line against fake ledgers on 127.0.0.1. */
public class RecoverTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<FakeLedger> ledgers = new ArrayList<>();

    @After
    public void closeLedgers() throws IOException {
        for (FakeLedger l : ledgers) {
            l.close();
        }
    }

    private FakeLedger ledger() throws IOException {
        FakeLedger l = new FakeLedger();
        ledgers.add(l);
        return l;
    }

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path log(String content) throws IOException {
        Path file = tmp.newFile().toPath();
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    public void aFileThatIsNotACoordinatorLogIsRefusedWithExitOneAndKeptAsItWas() throws Exception {
        Path file = log("hello\n");
        assertEquals(1, run("recover", "--log", file.toString(), "127.0.0.1:1"));
        assertEquals("ledger-coordinator: " + file + ":1: not a coordinator log (expected '# ledger-coordinator log name=<name>')\n",
                errText());
        assertEquals("hello\n", Files.readString(file));
    }

    @Test
    public void aDecisionNamingABadLedgerAddressIsRefusedWithItsLineNumber() throws Exception {
        Path file = log("# ledger-coordinator log name=coord\nCOMMIT coord.a.1 127.0.0.1:7100 nowhere\n");
        assertEquals(1, run("recover", "--log", file.toString()));
        assertEquals("ledger-coordinator: " + file + ":2: expected a ledger address host:port, got 'nowhere'\n", errText());
    }

    @Test
    public void withNoLedgerNamedAndNoneInTheLogRecoverSaysSoAndFails() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("new.log");
        assertEquals(1, run("recover", "--log", file.toString()));
        assertEquals(List.of("recover: no ledger to check: name them as HOST:PORT (the log names none yet)"), outLines());
    }

    @Test
    public void commitsTheLoggedBranchesRollsBackTheRestAndLeavesOtherCoordinatorsAlone() throws Exception {
        FakeLedger a = ledger().on("RECOVER", r -> "INDOUBT coord.a.1 7 12 w1\nINDOUBT coord.a.2 8 3 w1\nINDOUBT other.a.1 9 3 w2\n"
                + "INDOUBT coord.a.3 10 3 w2\nOK 4");
        // coord.a.3 was resolved by someone else meanwhile: nothing prepared is no longer in doubt
        a.on("ROLLBACK-PREPARED", r -> r.endsWith("coord.a.3") ? "ERR no prepared transaction coord.a.3" : FakeLedger.agree(r));
        FakeLedger b = ledger();
        Path file = log("# ledger-coordinator log name=coord\nCOMMIT coord.a.1 " + a.address() + " " + b.address() + "\n");

        assertEquals(0, run("recover", "--log", file.toString(), b.address(), a.address()));

        assertEquals(List.of("1 RECOVER"), b.requests());
        assertEquals(List.of("1 RECOVER", "1 COMMIT-PREPARED coord.a.1", "1 ROLLBACK-PREPARED coord.a.2", "1 ROLLBACK-PREPARED coord.a.3"),
                a.requests());
        assertEquals(List.of(
                "COMMIT-PREPARED coord.a.1 on " + a.address() + ": OK COMMITTED coord.a.1 (decision in the log)",
                "ROLLBACK-PREPARED coord.a.2 on " + a.address() + ": OK ROLLED-BACK coord.a.2 (presumed abort)",
                "ROLLBACK-PREPARED coord.a.3 on " + a.address() + ": ERR no prepared transaction coord.a.3 (presumed abort)",
                "recover: 1 branch(es) committed, 1 rolled back (presumed abort), on 2 ledger(s)"), outLines());
    }

    @Test
    public void aLedgerThatCannotBeReachedOrRefusesSaysWhyAndRecoverIsIncomplete() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once it is closed
        }
        FakeLedger refusing = ledger().on("RECOVER", r -> "ERR database unavailable (SQL state 08006)");
        FakeLedger failing = ledger().on("RECOVER", r -> "INDOUBT coord.b.1 7 12 w1\nOK 1")
                .on("ROLLBACK-PREPARED", r -> "ERR database unavailable (SQL state 57P01)");
        Path file = log("# ledger-coordinator log name=coord\nCOMMIT coord.a.1 127.0.0.1:" + closed + " " + refusing.address() + "\n");

        assertEquals(1, run("recover", "--log", file.toString(), "--timeout", "5", failing.address()));

        assertEquals(List.of(
                "ROLLBACK-PREPARED coord.b.1 on " + failing.address() + ": ERR database unavailable (SQL state 57P01) (presumed abort)",
                "recover: 127.0.0.1:" + closed + ": cannot connect to 127.0.0.1:" + closed + ": Connection refused",
                "recover: RECOVER on " + refusing.address() + ": ERR database unavailable (SQL state 08006)",
                "recover: 0 branch(es) committed, 0 rolled back (presumed abort), on 3 ledger(s); INCOMPLETE: run recover again"),
                outLines());
    }
}
