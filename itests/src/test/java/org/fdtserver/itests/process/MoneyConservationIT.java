package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Money is conserved across two fdtserver instances on two databases: the example coordinator
 * runs concurrent two-phase-commit transfers between their ledgers through proxies that cut
 * connections at random protocol steps, while the test kills workers with -9, and one run of the
 * coordinator stops dead right after logging a decision. After the coordinator's recovery
 * nothing is left prepared, the total of all balances is the starting total, and every transfer
 * is in both ledgers' journals or in neither — exactly those whose commit decision is in the log.
 * The seed is printed and can be set with {@code -Dfdt.test.seed=N}.
 */
public class MoneyConservationIT {

    private static final int ACCOUNTS = 6;
    private static final long OPENING = 10_000;

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final long SEED = Long.getLong("fdt.test.seed", System.nanoTime() % 100_000);
    private static String dbA;
    private static String dbB;
    private static ServerProcess serverA;
    private static ServerProcess serverB;

    @BeforeClass
    public static void startTwoServersOnTwoDatabases() throws Exception {
        System.out.println("MoneyConservationIT seed=" + SEED + " (rerun with -Dfdt.test.seed=" + SEED + ")");
        dbA = lockTimeout(TestDatabase.newDatabase("moneya"));
        dbB = lockTimeout(TestDatabase.newDatabase("moneyb"));
        serverA = ServerProcess.start(new ServerConfig(tmp.newFolder("a").toPath()).withLedger(dbA), "run");
        serverB = ServerProcess.start(new ServerConfig(tmp.newFolder("b").toPath()).withLedger(dbB), "run");
        serverA.awaitReadyWorkers(2);
        serverB.awaitReadyWorkers(2);
    }

    @AfterClass
    public static void stopServers() throws Exception {
        for (ServerProcess s : new ServerProcess[] {serverA, serverB}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    public void transfersUnderKillsAndCutConnectionsConserveMoneyAfterRecovery() throws Exception {
        openAccounts(serverA, dbA);
        openAccounts(serverB, dbB);
        Path log = tmp.getRoot().toPath().resolve("decisions.log");
        Random chaos = new Random(SEED);
        AtomicInteger kills = new AtomicInteger();
        try (FaultyLedgerProxy toA = new FaultyLedgerProxy(serverA.config().ledgerPort(), SEED, 0.5);
             FaultyLedgerProxy toB = new FaultyLedgerProxy(serverB.config().ledgerPort(), SEED + 1, 0.4)) {
            String a = "127.0.0.1:" + toA.port();
            String b = "127.0.0.1:" + toB.port();

            // 1. The coordinator crashes right after its 12th decision is on disk, transfers in flight.
            CoordinatorProcess.Finished halted = load(log, a, b, 30, 12, chaos, kills, Set.of(5));
            assertEquals(seeded(halted.output()), 3, halted.code());
            String haltedGid = halted.lines().stream().filter(l -> l.startsWith("HALT: the decision for ")).findFirst()
                    .orElseThrow().split(" ")[4];
            recoverUntilNothingIsPrepared(log, a, b);
            assertTrue(seeded("the halted transfer " + haltedGid + " is committed from the log on both sides"),
                    journal(dbA).containsKey(haltedGid) && journal(dbB).containsKey(haltedGid));

            // 2. A full run of the same log with workers killed along the way.
            CoordinatorProcess.Finished full = load(log, a, b, 80, 0, chaos, kills, Set.of(10, 35, 60));
            assertTrue(seeded(full.output()), full.code() == 0 || full.code() == 4);
            assertTrue(seeded("some transfers committed: " + full.output()), full.output().contains("\nCOMMITTED "));

            recoverUntilNothingIsPrepared(log, a, b);
            System.out.println("connections cut: " + (toA.cuts() + toB.cuts()) + ", workers killed: " + kills.get());
            assertTrue(seeded("connections were cut"), toA.cuts() + toB.cuts() > 0);
            assertTrue(seeded("workers were killed"), kills.get() > 0);

            assertEquals(seeded("total of all balances"), 2 * ACCOUNTS * OPENING, total(dbA) + total(dbB));
            Map<String, Long> journalA = journal(dbA);
            Map<String, Long> journalB = journal(dbB);
            Set<String> decided = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("COMMIT "))
                    .map(l -> l.split(" ")[1]).collect(Collectors.toSet());
            assertEquals(seeded("transfers in A's journal are those logged as committed"), decided, journalA.keySet());
            assertEquals(seeded("transfers in B's journal are those logged as committed"), decided, journalB.keySet());
            for (String gid : decided) {
                assertEquals(seeded("both sides of " + gid), 0, journalA.get(gid) + journalB.get(gid));
            }
            Set<String> aborted = new HashSet<>();
            for (CoordinatorProcess.Finished run : List.of(halted, full)) {
                run.lines().stream().filter(l -> l.startsWith("ABORTED ")).map(l -> l.split("[ :]")[1]).forEach(aborted::add);
            }
            aborted.retainAll(decided);
            assertEquals(seeded("no transfer the coordinator reported aborted was applied"), Set.of(), aborted);
        }
    }

    /** Runs {@code load} and kills a worker of a random server after the given numbers of outcomes. */
    private static CoordinatorProcess.Finished load(Path log, String a, String b, int transfers, int haltAfter, Random chaos,
            AtomicInteger kills, Set<Integer> killAfter) throws Exception {
        long seed = chaos.nextLong() % 1_000_000;
        AtomicInteger outcomes = new AtomicInteger();
        CoordinatorProcess run = CoordinatorProcess.start(line -> {
            if ((line.startsWith("COMMITTED ") || line.startsWith("ABORTED ")) && killAfter.contains(outcomes.incrementAndGet())) {
                killAWorker(chaos.nextBoolean() ? serverA : serverB, chaos, kills);
            }
        }, "load", "--log", log.toString(), "--name", "it", "--accounts", "" + ACCOUNTS, "--transfers", "" + transfers,
                "--threads", "4", "--max-cents", "500", "--seed", "" + seed, "--timeout", "20",
                "--halt-after-decision", "" + haltAfter, a, b);
        CoordinatorProcess.Finished finished = run.awaitExit();
        System.out.println(finished.output());
        return finished;
    }

    private static void killAWorker(ServerProcess server, Random chaos, AtomicInteger kills) {
        try {
            List<Long> ready = server.readyWorkerPids();
            if (ready.size() == 2) { // leave one serving while the other is respawned
                long pid = ready.get(chaos.nextInt(ready.size()));
                ServerProcess.kill("KILL", pid);
                kills.incrementAndGet();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot kill a worker", e);
        }
    }

    /**
     * Runs recover (through the faulty proxies, like any client) until it reports itself complete
     * and neither database holds a prepared transaction: a cut connection makes a run incomplete,
     * and it says to run it again.
     */
    private static void recoverUntilNothingIsPrepared(Path log, String a, String b) {
        await("recover complete and nothing prepared").atMost(ServerProcess.DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> recover(log, a, b).code() == 0 && prepared(dbA) == 0 && prepared(dbB) == 0);
    }

    private static CoordinatorProcess.Finished recover(Path log, String a, String b) throws Exception {
        CoordinatorProcess.Finished r = CoordinatorProcess.run("recover", "--log", log.toString(), "--timeout", "20", a, b);
        System.out.println(r.output());
        return r;
    }

    private static String seeded(String message) {
        return message + " [seed " + SEED + "]";
    }

    private static void openAccounts(ServerProcess server, String db) throws Exception {
        try (LedgerClient c = new LedgerClient(server.config().ledgerPort())) {
            for (int i = 0; i < ACCOUNTS; i++) {
                assertEquals("OK " + OPENING, c.ask("CREDIT acct" + i + " " + OPENING));
            }
        }
        assertEquals(ACCOUNTS * OPENING, total(db));
    }

    /** Makes a transfer that waits for a row held by an in-doubt branch fail after 2 s instead of waiting for recovery. */
    private static String lockTimeout(String url) throws SQLException {
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " SET lock_timeout = '2s'");
        }
        return url;
    }

    private static long total(String db) throws SQLException {
        return TestDatabase.queryLong(db, "SELECT coalesce(sum(balance), 0) FROM ledger_accounts");
    }

    private static long prepared(String db) throws SQLException {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()");
    }

    private static Map<String, Long> journal(String db) throws SQLException {
        Map<String, Long> byGid = new HashMap<>();
        try (Connection c = TestDatabase.connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT gid, sum(cents) FROM ledger_entries WHERE gid IS NOT NULL GROUP BY gid")) {
            while (r.next()) {
                byGid.put(r.getString(1), r.getLong(2));
            }
        }
        return byGid;
    }
}
