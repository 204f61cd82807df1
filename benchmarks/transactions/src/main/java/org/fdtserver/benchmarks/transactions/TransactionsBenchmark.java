package org.fdtserver.benchmarks.transactions;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints two-phase-commit transfers per second and latency p50/p99, through the ledger
 * coordinator and two fdtserver instances, and for the same SQL over plain JDBC, in one run on
 * one machine, and their ratio:
 * <ol>
 *   <li>start an embedded PostgreSQL with two databases;</li>
 *   <li>start two fdtserver instances of the installation, one per database, and open the accounts;</li>
 *   <li>warm up and measure the coordinator's {@code load} (its own summary line);</li>
 *   <li>warm up and measure the same transfers over plain JDBC;</li>
 *   <li>print both and the ratio.</li>
 * </ol>
 * Not a test: CI never runs it.
 */
public final class TransactionsBenchmark {

    private static final Pattern SUMMARY = Pattern.compile(
            "summary: transfers=(\\d+) committed=(\\d+) aborted=(\\d+) .* seconds=([0-9.]+) committed/s=([0-9.]+) p50=([0-9.]+)ms p99=([0-9.]+)ms");

    private TransactionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path install = Path.of(o.get("--install"));
        int transfers = Integer.parseInt(o.getOrDefault("--transfers", "2000"));
        int threads = Integer.parseInt(o.getOrDefault("--threads", "4"));
        int accounts = Integer.parseInt(o.getOrDefault("--accounts", "200"));
        // Two instances, PostgreSQL and the client share the machine: one worker each is one per core
        // on two cores (see README); more workers per instance only add JVMs competing for them.
        int workers = Integer.parseInt(o.getOrDefault("--workers", "1"));
        int warmup = Math.max(100, transfers / 5);
        int rounds = Integer.parseInt(o.getOrDefault("--rounds", "3"));
        Path work = Files.createTempDirectory("fdt-bench-tx");
        System.out.printf(Locale.ROOT, "transactions benchmark: %d rounds of %d transfers (after %d warm-up), %d client threads, %d"
                + " accounts per ledger, %d workers per fdtserver, %d CPUs, work dir %s%n", rounds, transfers, warmup, threads, accounts,
                workers, Runtime.getRuntime().availableProcessors(), work);

        String workerJvmOptions = o.get("--worker-jvm-options");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_prepared_transactions", "100")
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("max_connections", "200");
        if (o.containsKey("--statement-log")) {
            // Every statement with its session's application name, to count what each side sends per transfer.
            builder.setServerConfig("logging_collector", "on").setServerConfig("log_directory", o.get("--statement-log"))
                    .setServerConfig("log_min_duration_statement", "0").setServerConfig("log_line_prefix", "[%a] ");
        }
        try (EmbeddedPostgres pg = builder.start()) {
            String urlA = database(pg, "bench_a");
            String urlB = database(pg, "bench_b");
            try (FdtInstance a = FdtInstance.start(install, work.resolve("a"), urlA, workers, threads, workerJvmOptions);
                 FdtInstance b = FdtInstance.start(install, work.resolve("b"), urlB, workers, threads, workerJvmOptions)) {
                for (int i = 0; i < accounts; i++) {
                    a.ask("CREDIT acct" + i + " 100000000");
                    b.ask("CREDIT acct" + i + " 100000000");
                }
                Path jar = install.resolve("examples/ledger-coordinator.jar");
                Path log = work.resolve("coordinator.log");
                JdbcTransfers jdbc = new JdbcTransfers(urlA, urlB, work.resolve("jdbc.log"));
                System.out.printf(Locale.ROOT, "%-6s %-44s %8s %9s %9s %9s%n", "round", "", "commits", "per s", "p50 ms", "p99 ms");
                List<Double> ratios = new ArrayList<>();
                List<double[]> fdtRows = new ArrayList<>();
                List<double[]> baseRows = new ArrayList<>();
                // Round 0 warms both sides up (the workers' JIT, both databases' caches) and is not counted:
                // a server is measured in its steady state, as it would run for days.
                for (int round = 0; round <= rounds; round++) {
                    // Alternating the two sides round by round spreads the machine's other load over both.
                    long seed = 1 + round;
                    Matcher fdt = coordinator(jar, log, a, b, warmup, transfers, threads, accounts, seed);
                    JdbcTransfers.Result base = jdbc.run(warmup, transfers, threads, accounts, seed, "r" + round + ".");
                    double[] f = {Double.parseDouble(fdt.group(2)), Double.parseDouble(fdt.group(5)),
                            Double.parseDouble(fdt.group(6)), Double.parseDouble(fdt.group(7))};
                    double[] j = {base.committed(), base.committed() / base.seconds(), percentile(base.nanos(), 50),
                            percentile(base.nanos(), 99)};
                    String label = round == 0 ? "warm" : "" + round;
                    row(label, "coordinator + 2 fdtserver (ledger protocol)", f);
                    row(label, "plain JDBC, same SQL and decision log", j);
                    if (round > 0) {
                        fdtRows.add(f);
                        baseRows.add(j);
                        ratios.add(f[1] / j[1]);
                    }
                }
                row("median", "coordinator + 2 fdtserver (ledger protocol)", medians(fdtRows));
                row("median", "plain JDBC, same SQL and decision log", medians(baseRows));
                System.out.printf(Locale.ROOT, "ratio fdtserver / plain JDBC: median %.2f of %s (target >= 0.80)%n",
                        median(ratios), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
            }
        }
    }

    private static void row(String round, String what, double[] f) {
        System.out.printf(Locale.ROOT, "%-6s %-44s %8.0f %9.1f %9.2f %9.2f%n", round, what, f[0], f[1], f[2], f[3]);
    }

    /** @return the column-wise medians */
    private static double[] medians(List<double[]> rows) {
        double[] m = new double[rows.get(0).length];
        for (int c = 0; c < m.length; c++) {
            int col = c;
            m[c] = median(rows.stream().map(r -> r[col]).toList());
        }
        return m;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Matcher coordinator(Path jar, Path log, FdtInstance a, FdtInstance b, int warmup, int transfers, int threads,
            int accounts, long seed) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "load", "--log", log.toString(), "--quiet", "--warmup", "" + warmup, "--transfers", "" + transfers,
                "--threads", "" + threads, "--accounts", "" + accounts, "--seed", "" + seed,
                "127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Matcher found = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                all.append(line).append('\n');
                Matcher m = SUMMARY.matcher(line);
                if (m.matches()) {
                    found = m;
                }
            }
        }
        if (p.waitFor() != 0 || found == null) {
            throw new IllegalStateException("the coordinator failed (exit " + p.exitValue() + "):\n" + all);
        }
        return found;
    }

    private static String database(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name;
    }

    private static double percentile(long[] nanos, double p) {
        if (nanos.length == 0) {
            return 0;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            o.put(args[i], args[i + 1]);
        }
        if (!o.containsKey("--install")) {
            throw new IllegalArgumentException("--install DIR (the fdtserver installation) is required");
        }
        return o;
    }
}
