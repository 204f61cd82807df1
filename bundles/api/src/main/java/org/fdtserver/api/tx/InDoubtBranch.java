package org.fdtserver.api.tx;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A prepared branch in the database that no live connection owns any more, or may not: it waits
 * for someone who knows the global outcome to commit or roll it back.
 *
 * @param globalId the client's global transaction id, or {@code "?"} for a branch fdtserver did
 *     not create
 * @param branchId the branch's id in the database ({@code pg_prepared_xacts.gid})
 * @param database the database it is prepared in
 * @param prepared when it was prepared
 * @param age how long ago that was
 * @param worker the id of the worker that prepared it ({@code generation.index}), or {@code "?"}
 * @param generation the generation of that worker, or -1 when unknown
 */
public record InDoubtBranch(String globalId, String branchId, String database, Instant prepared, Duration age,
        String worker, long generation) {

    /** Checks the parts. */
    public InDoubtBranch {
        Objects.requireNonNull(globalId, "globalId");
        Objects.requireNonNull(branchId, "branchId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(worker, "worker");
    }
}
