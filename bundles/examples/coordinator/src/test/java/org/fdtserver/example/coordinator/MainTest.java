package org.fdtserver.example.coordinator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class MainTest {

    /** A log path for usage errors; some are found only after the log is opened, so it lives in target/. */
    private static final String LOG = "target/usage-errors.log";

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String firstErrorLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Test
    public void badCommandLinesSayWhatIsWrongAndShowTheUsage() {
        assertEquals(2, run());
        assertEquals("ledger-coordinator: no command", firstErrorLine());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: java -jar ledger-coordinator.jar"));
        err.reset();
        assertEquals(2, run("move"));
        assertEquals("ledger-coordinator: unknown command 'move'", firstErrorLine());
        err.reset();
        assertEquals(2, run("transfer", "a@h:1", "b@h:2", "10"));
        assertEquals("ledger-coordinator: --log is required", firstErrorLine());
        err.reset();
        assertEquals(2, run("transfer", "--log", LOG, "a@h:1", "b@h:1", "10"));
        assertEquals("ledger-coordinator: FROM and TO are on the same ledger h:1: use the ledger's own TRANSFER there", firstErrorLine());
        err.reset();
        assertEquals(2, run("transfer", "--log", LOG, "a@h:1", "b-h:2", "10"));
        assertEquals("ledger-coordinator: expected ACCOUNT@HOST:PORT, got 'b-h:2'", firstErrorLine());
        err.reset();
        assertEquals(2, run("transfer", "--log", LOG, "a@h:1", "b@h:99999", "10"));
        assertEquals("ledger-coordinator: a port must be 1 to 65535, got 99999 in 'h:99999'", firstErrorLine());
        err.reset();
        assertEquals(2, run("load", "--log", LOG, "--threads", "0", "h:1", "h:2"));
        assertEquals("ledger-coordinator: --threads must be a whole number from 1 to 1000, got '0'", firstErrorLine());
        err.reset();
        assertEquals(2, run("recover", "--log", LOG, "--quiet"));
        assertEquals("ledger-coordinator: unknown option --quiet", firstErrorLine());
    }

    @Test
    public void badOptionsAndArgumentsAreNamedWithTheUsage() {
        assertUsageError("--log needs a value", "transfer", "--log");
        assertUsageError("--log given twice", "recover", "--log", "a", "--log", "b");
        assertUsageError("--timeout must be a whole number from 1 to 3600, got 'soon'", "recover", "--log", LOG, "--timeout", "soon");
        assertUsageError("transfer takes FROM_ACCOUNT@HOST:PORT TO_ACCOUNT@HOST:PORT CENTS, got 2 argument(s)",
                "transfer", "--log", LOG, "a@h:1", "b@h:2");
        assertUsageError("CENTS must be a whole number > 0, got 'ten'", "transfer", "--log", LOG, "a@h:1", "b@h:2", "ten");
        assertUsageError("CENTS must be a whole number > 0, got '0'", "transfer", "--log", LOG, "a@h:1", "b@h:2", "0");
        assertUsageError("load takes two ledgers HOST:PORT HOST:PORT, got 1 argument(s)", "load", "--log", LOG, "h:1");
        assertUsageError("load needs two different ledgers, got h:1 twice", "load", "--log", LOG, "--quiet", "h:1", "h:1");
        assertUsageError("expected a ledger address host:port, got 'h1'", "recover", "--log", LOG, "h1");
        assertUsageError("expected a numeric port in 'h:one'", "recover", "--log", LOG, "h:one");
        assertUsageError("a host must be non-empty and without spaces, got 'my host' in 'my host:1'", "recover", "--log", LOG, "my host:1");
    }

    private void assertUsageError(String message, String... args) {
        err.reset();
        assertEquals(2, run(args));
        String all = err.toString(StandardCharsets.UTF_8);
        assertEquals("ledger-coordinator: " + message, firstErrorLine());
        assertTrue(all, all.endsWith(Main.USAGE));
    }

    @Test
    public void percentilesAreNearestRank() {
        Latencies l = new Latencies(new long[] {5_000_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000});
        assertEquals(3.0, l.millis(50), 1e-9);
        assertEquals(5.0, l.millis(99), 1e-9);
        assertEquals(0.0, new Latencies(new long[0]).millis(50), 1e-9);
    }
}
