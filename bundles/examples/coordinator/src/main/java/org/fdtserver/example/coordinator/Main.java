package org.fdtserver.example.coordinator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger coordinator's command line:
 * <ol>
 *   <li>read the command and its options (bad ones: the reason and the usage, exit 2);</li>
 *   <li>open and lock the decision log (exit 1 if it is malformed or in use);</li>
 *   <li>run {@code transfer}, {@code load} or {@code recover};</li>
 *   <li>exit with a status that says how it ended (see {@link #USAGE}).</li>
 * </ol>
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar ledger-coordinator.jar <command> --log FILE [options] ...

              transfer --log FILE [--name NAME] FROM_ACCOUNT@HOST:PORT TO_ACCOUNT@HOST:PORT CENTS
                  Moves CENTS from an account on one fdtserver ledger to an account on another,
                  in one two-phase-commit transaction.
              load --log FILE [--name NAME] [--accounts 10] [--transfers 100] [--threads 4] [--seed N]
                   [--max-cents 100] [--warmup 0] [--quiet] [--halt-after-decision K] HOST:PORT HOST:PORT
                  Random transfers between accounts acct0..acct<N-1> on the two ledgers, both ways,
                  from several threads; prints each outcome and a summary (transfers/s, p50/p99).
                  --warmup W runs W transfers more first, over the same connections, and leaves
                  them out of the summary's figures.
                  --halt-after-decision K stops the process dead right after the K-th commit
                  decision is logged, before its phase two: a crash on purpose, to try recover.
              recover --log FILE [HOST:PORT ...]
                  Finishes this coordinator's in-doubt branches on the ledgers given and every
                  ledger named in the log: commits those whose decision is in the log, rolls back
                  the rest (presumed abort). Run it after a crash, before new transfers.

            The log (created if missing) records each commit decision, forced to disk, before
            phase two. --name (1-8 of A-Z a-z 0-9, default coord) names a new log's coordinator;
            it prefixes every global id, so recover touches only this coordinator's branches.
            --timeout SECONDS (default 30) bounds connecting and each answer.

            Exit status: 0 done; 1 error; 2 bad usage; 3 halted on purpose; 4 done, but branches
            are left in doubt (run recover); 5 the transfer was aborted (the reason is printed).
            """;

    private static final Set<String> COMMON = Set.of("--log", "--name", "--timeout");

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * @param args the command line
     * @param out for results
     * @param err for errors and usage
     * @return the exit status
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
                throw new UsageException(args.isEmpty() ? "no command" : "help");
            }
            List<String> rest = args.subList(1, args.size());
            return switch (args.get(0)) {
                case "transfer" -> transfer(new Options(rest, COMMON, Set.of()), out, err);
                case "load" -> load(new Options(rest, with("--accounts", "--transfers", "--threads", "--seed", "--max-cents",
                        "--warmup", "--halt-after-decision"), Set.of("--quiet")), out);
                case "recover" -> recover(new Options(rest, COMMON, Set.of()), out);
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            if (!e.getMessage().equals("help")) {
                err.println("ledger-coordinator: " + e.getMessage());
            }
            err.print(USAGE);
            return 2;
        } catch (DecisionLog.LogException | IOException e) {
            err.println("ledger-coordinator: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ledger-coordinator: interrupted");
            return 1;
        }
    }

    private static int transfer(Options o, PrintStream out, PrintStream err) throws UsageException, DecisionLog.LogException, IOException {
        List<String> p = o.positional();
        if (p.size() != 3) {
            throw new UsageException("transfer takes FROM_ACCOUNT@HOST:PORT TO_ACCOUNT@HOST:PORT CENTS, got " + p.size() + " argument(s)");
        }
        String[] from = account(p.get(0));
        String[] to = account(p.get(1));
        long cents = positiveCents(p.get(2));
        Participant payer = Participant.parse(from[1]);
        Participant payee = Participant.parse(to[1]);
        if (payer.equals(payee)) {
            throw new UsageException("FROM and TO are on the same ledger " + payer + ": use the ledger's own TRANSFER there");
        }
        Duration timeout = timeout(o);
        try (DecisionLog log = open(o); Link a = new Link(payer, timeout); Link b = new Link(payee, timeout)) {
            String gid = new GlobalIds(log.name()).next();
            Leg debit = new Leg(a, gid, "DEBIT " + from[0] + " " + cents);
            Leg credit = new Leg(b, gid, "CREDIT " + to[0] + " " + cents);
            // One fixed participant order (by address) for every transfer: no cross-database lock cycle.
            List<Leg> legs = payer.toString().compareTo(payee.toString()) < 0 ? List.of(debit, credit) : List.of(credit, debit);
            Outcome outcome = new TwoPhaseTransfer(log, gid2 -> { }).run(gid, legs);
            (outcome.committed() ? out : err).println(outcome.line());
            if (outcome.inDoubt()) {
                return 4;
            }
            return outcome.committed() ? 0 : 5;
        }
    }

    private static int load(Options o, PrintStream out) throws UsageException, DecisionLog.LogException, IOException, InterruptedException {
        List<String> p = o.positional();
        if (p.size() != 2) {
            throw new UsageException("load takes two ledgers HOST:PORT HOST:PORT, got " + p.size() + " argument(s)");
        }
        Participant first = Participant.parse(p.get(0));
        Participant second = Participant.parse(p.get(1));
        if (first.equals(second)) {
            throw new UsageException("load needs two different ledgers, got " + first + " twice");
        }
        Load.Plan plan = new Load.Plan(first, second, (int) o.number("--accounts", 10, 1, 100_000),
                (int) o.number("--transfers", 100, 1, 100_000_000), (int) o.number("--warmup", 0, 0, 100_000_000),
                (int) o.number("--threads", 4, 1, 1000),
                o.number("--seed", System.nanoTime() & 0xffffff, Long.MIN_VALUE, Long.MAX_VALUE),
                o.number("--max-cents", 100, 1, Long.MAX_VALUE / 2), (int) o.number("--halt-after-decision", 0, 0, Integer.MAX_VALUE),
                o.flag("--quiet"), timeout(o));
        try (DecisionLog log = open(o)) {
            Load.Summary s = new Load(plan, log, out).run();
            return s.inDoubt() > 0 ? 4 : 0;
        }
    }

    private static int recover(Options o, PrintStream out) throws UsageException, DecisionLog.LogException, IOException {
        Set<Participant> given = new LinkedHashSet<>();
        for (String p : o.positional()) {
            given.add(Participant.parse(p));
        }
        try (DecisionLog log = open(o)) {
            return new Recovery(log, given, timeout(o), out).run() ? 0 : 1;
        }
    }

    private static DecisionLog open(Options o) throws UsageException, DecisionLog.LogException, IOException {
        return DecisionLog.open(Path.of(o.required("--log")), o.get("--name"));
    }

    private static Duration timeout(Options o) throws UsageException {
        return Duration.ofSeconds(o.number("--timeout", 30, 1, 3600));
    }

    private static Set<String> with(String... more) {
        Set<String> all = new LinkedHashSet<>(COMMON);
        all.addAll(List.of(more));
        return all;
    }

    private static String[] account(String text) throws UsageException {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new UsageException("expected ACCOUNT@HOST:PORT, got '" + text + "'");
        }
        return new String[] {text.substring(0, at), text.substring(at + 1)};
    }

    private static long positiveCents(String text) throws UsageException {
        try {
            long cents = Long.parseLong(text);
            if (cents > 0) {
                return cents;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("CENTS must be a whole number > 0, got '" + text + "'");
    }
}
