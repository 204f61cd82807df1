package org.fdtserver.transaction.internal;

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

    /** The header line of {@link #indoubt()}. */
    static final String HEADER = String.format("%-34s %-8s %-10s %-7s %-12s %s", "GLOBAL-ID", "WORKER", "DATABASE", "AGE-S", "PREPARED", "BRANCH-ID");

    private final InDoubtBranches branches;

    /** @param branches the in-doubt service */
    @Activate
    public TransactionCommands(@Reference InDoubtBranches branches) {
        this.branches = branches;
    }

    /** @return one line per prepared branch, with a header */
    @Descriptor("lists prepared (in-doubt) transaction branches in the database")
    public String indoubt() {
        List<InDoubtBranch> all = branches.list();
        StringBuilder out = new StringBuilder(HEADER);
        for (InDoubtBranch b : all) {
            out.append('\n').append(String.format("%-34s %-8s %-10s %-7d %-12s %s", b.globalId(), b.worker(), b.database(),
                    b.age().toSeconds(), b.prepared().toString().substring(0, 19), b.branchId()));
        }
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
