package org.fdtserver.example.coordinator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finishes every in-doubt branch of this coordinator: on each ledger, RECOVER lists the prepared
 * branches; those with this coordinator's name are committed (COMMIT-PREPARED) when the log holds
 * their commit decision and rolled back (ROLLBACK-PREPARED) otherwise, which is presumed abort.
 * Other clients' branches are left alone. Run it while no transfer of this log is running (the
 * log's lock sees to that): a branch whose transfer is still in phase one must not be presumed aborted.
 */
final class Recovery {

    private final DecisionLog log;
    private final Set<Participant> ledgers;
    private final Duration timeout;
    private final PrintStream out;
    private int committed;
    private int rolledBack;

    /**
     * @param log the decision log
     * @param given ledgers named on the command line; every ledger named in the log is added
     * @param timeout for connecting and each answer
     * @param out where to report
     */
    Recovery(DecisionLog log, Set<Participant> given, Duration timeout, PrintStream out) {
        this.log = log;
        this.ledgers = new LinkedHashSet<>(given);
        this.ledgers.addAll(log.participants());
        this.timeout = timeout;
        this.out = out;
    }

    /** @return whether every ledger was reached and every branch of ours resolved */
    boolean run() {
        if (ledgers.isEmpty()) {
            out.println("recover: no ledger to check: name them as HOST:PORT (the log names none yet)");
            return false;
        }
        boolean complete = true;
        for (Participant ledger : ledgers) {
            complete &= recover(ledger);
        }
        out.println("recover: " + committed + " branch(es) committed, " + rolledBack + " rolled back (presumed abort), on "
                + ledgers.size() + " ledger(s)" + (complete ? "" : "; INCOMPLETE: run recover again"));
        return complete;
    }

    private boolean recover(Participant ledger) {
        try (LedgerConnection c = new LedgerConnection(ledger, timeout)) {
            Answer listed = c.ask("RECOVER");
            if (!listed.ok()) {
                out.println("recover: RECOVER on " + ledger + ": " + listed.last());
                return false;
            }
            Set<String> ours = new LinkedHashSet<>();
            for (String line : listed.before()) {
                String[] f = line.split(" ");
                if (f.length >= 2 && f[0].equals("INDOUBT") && GlobalIds.madeBy(log.name(), f[1])) {
                    ours.add(f[1]);
                }
            }
            boolean complete = true;
            for (String gid : ours) {
                complete &= resolve(c, ledger, gid);
            }
            return complete;
        } catch (IOException e) {
            out.println("recover: " + ledger + ": " + e.getMessage());
            return false;
        }
    }

    private boolean resolve(LedgerConnection c, Participant ledger, String gid) throws IOException {
        boolean commit = log.committed().contains(gid);
        String request = (commit ? "COMMIT-PREPARED " : "ROLLBACK-PREPARED ") + gid;
        Answer a = c.ask(request);
        out.println(request + " on " + ledger + ": " + a.last() + (commit ? " (decision in the log)" : " (presumed abort)"));
        if (a.ok()) {
            if (commit) {
                committed++;
            } else {
                rolledBack++;
            }
            return true;
        }
        return a.nothingPrepared(); // resolved by someone else meanwhile
    }
}
