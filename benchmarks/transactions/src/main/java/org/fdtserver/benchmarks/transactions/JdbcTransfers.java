package org.fdtserver.benchmarks.transactions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline: the same transfers as the coordinator's {@code load}, with the same SQL the
 * ledger runs (its CTE statements), but straight from this JVM to the two databases over plain
 * JDBC: BEGIN and the statement on each, PREPARE TRANSACTION on each, the decision appended and
 * forced to a log file exactly as the coordinator does, COMMIT PREPARED on each.
 */
final class JdbcTransfers {

    private static final String CREDIT = "WITH b AS (INSERT INTO ledger_accounts (id, balance) VALUES (?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET balance = ledger_accounts.balance + EXCLUDED.balance RETURNING balance),"
            + " e AS (INSERT INTO ledger_entries (gid, account, cents) VALUES (?, ?, ?)) SELECT balance FROM b";
    private static final String DEBIT = "WITH b AS (UPDATE ledger_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?"
            + " RETURNING balance), e AS (INSERT INTO ledger_entries (gid, account, cents) SELECT ?, ?, ? FROM b)"
            + " SELECT balance FROM b";

    /** What a run measured. */
    record Result(int committed, int aborted, double seconds, long[] nanos) {
    }

    private final String urlA;
    private final String urlB;
    private final Path logFile;

    JdbcTransfers(String urlA, String urlB, Path logFile) {
        this.urlA = urlA;
        this.urlB = urlB;
        this.logFile = logFile;
    }

    /**
     * Like the coordinator's {@code load --warmup}: each thread first runs its share of the warm-up
     * transfers (numbers after the measured ones) on its connections, all wait for each other, then
     * the clock starts for the measured ones.
     */
    Result run(int warmup, int transfers, int threads, int accounts, long seed, String prefix) throws Exception {
        AtomicInteger nextWarmup = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long[] nanos = new long[transfers];
        boolean[] ok = new boolean[transfers];
        long[] start = new long[1];
        CyclicBarrier warm = new CyclicBarrier(threads, () -> start[0] = System.nanoTime());
        try (FileChannel log = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ForcedLog forced = new ForcedLog(log);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try (Connection a = DriverManager.getConnection(urlA + "?ApplicationName=plain-jdbc", "postgres", "");
                         Connection b = DriverManager.getConnection(urlB + "?ApplicationName=plain-jdbc", "postgres", "")) {
                        for (int k = nextWarmup.getAndIncrement(); k < warmup; k = nextWarmup.getAndIncrement()) {
                            transfer(a, b, accounts, seed, transfers + k, prefix, forced);
                        }
                        warm.await();
                        for (int i = next.getAndIncrement(); i < transfers; i = next.getAndIncrement()) {
                            long t0 = System.nanoTime();
                            ok[i] = transfer(a, b, accounts, seed, i, prefix, forced);
                            nanos[i] = System.nanoTime() - t0;
                        }
                    } catch (SQLException | InterruptedException | BrokenBarrierException e) {
                        throw new IllegalStateException(e);
                    }
                });
                all.add(thread);
                thread.start();
            }
            for (Thread thread : all) {
                thread.join();
            }
            double seconds = (System.nanoTime() - start[0]) / 1e9;
            int committed = 0;
            List<Long> committedNanos = new ArrayList<>();
            for (int i = 0; i < transfers; i++) {
                if (ok[i]) {
                    committed++;
                    committedNanos.add(nanos[i]);
                }
            }
            return new Result(committed, transfers - committed, seconds, committedNanos.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** Transfer number {@code i}, from the same seed the coordinator's {@code load} uses. */
    private static boolean transfer(Connection a, Connection b, int accounts, long seed, int i, String prefix, ForcedLog forced)
            throws SQLException {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        String accA = "acct" + r.nextInt(accounts);
        String accB = "acct" + r.nextInt(accounts);
        long cents = 1 + (long) (r.nextDouble() * 100);
        boolean aPays = r.nextBoolean();
        return transfer(a, b, prefix + i, accA, accB, cents, aPays, forced);
    }

    private static boolean transfer(Connection a, Connection b, String gid, String accA, String accB, long cents, boolean aPays,
            ForcedLog log) throws SQLException {
        try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("BEGIN");
            if (!work(a, aPays, gid, accA, cents)) {
                sa.execute("ROLLBACK");
                return false;
            }
            sb.execute("BEGIN");
            if (!work(b, !aPays, gid, accB, cents)) {
                sb.execute("ROLLBACK");
                sa.execute("ROLLBACK");
                return false;
            }
            // Prepared-transaction ids are cluster-wide and both databases share one server: one per branch.
            sa.execute("PREPARE TRANSACTION '" + gid + ".a'");
            sb.execute("PREPARE TRANSACTION '" + gid + ".b'");
            log.commit(gid);
            sa.execute("COMMIT PREPARED '" + gid + ".a'");
            sb.execute("COMMIT PREPARED '" + gid + ".b'");
            return true;
        } catch (IOException e) {
            throw new SQLException("cannot log the decision", e);
        }
    }

    private static boolean work(Connection c, boolean pays, String gid, String account, long cents) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(pays ? DEBIT : CREDIT)) {
            if (pays) {
                s.setLong(1, cents);
                s.setString(2, account);
                s.setLong(3, cents);
                s.setString(4, gid);
                s.setString(5, account);
                s.setLong(6, -cents);
            } else {
                s.setString(1, account);
                s.setLong(2, cents);
                s.setString(3, gid);
                s.setString(4, account);
                s.setLong(5, cents);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The coordinator's group-committed decision log, the same way: append, then force unless another force covered it. */
    private static final class ForcedLog {
        private final FileChannel channel;
        private final Object forceLock = new Object();
        private long end;
        private long forced;

        ForcedLog(FileChannel channel) throws IOException {
            this.channel = channel;
            this.end = channel.size();
            this.forced = end;
        }

        void commit(String gid) throws IOException {
            byte[] record = ("COMMIT " + gid + " a b\n").getBytes(StandardCharsets.UTF_8);
            long mine;
            synchronized (this) {
                ByteBuffer buf = ByteBuffer.wrap(record);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                end += record.length;
                mine = end;
            }
            synchronized (forceLock) {
                if (forced >= mine) {
                    return;
                }
                long upTo;
                synchronized (this) {
                    upTo = end;
                }
                channel.force(false);
                forced = upTo;
            }
        }
    }
}
