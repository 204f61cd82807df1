package org.fdtserver.transaction.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.fdtserver.api.tx.InDoubtBranch;
import org.fdtserver.api.tx.InDoubtBranches;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The shell commands {@code fdt:indoubt}, {@code fdt:commit} and {@code fdt:rollback}. */
@Component(service = TransactionCommands.class, property = {"osgi.command.scope=fdt",
        "osgi.command.function=indoubt", "osgi.command.function=commit", "osgi.command.function=rollback"})
public final class TransactionCommands {

    /** The headings of {@link #indoubt()}'s columns. */
    static final List<String> HEADINGS = List.of("GLOBAL-ID", "WORKER", "DATABASE", "AGE-S", "PREPARED", "BRANCH-ID");

    private final InDoubtBranches branches;

    /** @param branches the in-doubt service */
    @Activate
    public TransactionCommands(@Reference InDoubtBranches branches) {
        this.branches = branches;
    }

    /** @return one line per prepared branch under a heading, each column as wide as its widest value */
    @Descriptor("lists prepared (in-doubt) transaction branches in the database")
    public String indoubt() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (InDoubtBranch b : branches.list()) {
            rows.add(List.of(b.globalId(), b.worker(), b.database(), String.valueOf(b.age().toSeconds()),
                    b.prepared().toString().substring(0, 19), b.branchId()));
        }
        int[] widths = new int[HEADINGS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length - 1; i++) {
                out.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.append(row.get(widths.length - 1)).append('\n');
        }
        out.setLength(out.length() - 1); // the shell ends the result with its own newline
        return out.toString();
    }

    /**
     * @param id a branch id or a global id
     * @return what was done
     */
    @Descriptor("commits the prepared branch(es) with this branch id or global id")
    public String commit(@Descriptor("branch id or global id") String id) {
        return "committed " + branches.commit(id) + " prepared branch(es) of " + id;
    }

    /**
     * @param id a branch id or a global id
     * @return what was done
     */
    @Descriptor("rolls back the prepared branch(es) with this branch id or global id")
    public String rollback(@Descriptor("branch id or global id") String id) {
        return "rolled back " + branches.rollback(id) + " prepared branch(es) of " + id;
    }
}
