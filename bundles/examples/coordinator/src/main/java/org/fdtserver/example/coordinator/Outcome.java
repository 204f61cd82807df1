package org.fdtserver.example.coordinator;

import java.util.List;

/**
 * How one transfer ended, as the coordinator prints it.
 *
 * @param gid its global transaction id
 * @param decision what was decided
 * @param reason why it aborted, or empty
 * @param leftInDoubt what could not be finished now and waits for {@code recover}
 * @param nanos how long it took
 */
record Outcome(String gid, Decision decision, String reason, List<String> leftInDoubt, long nanos) {

    /** What the coordinator decided for a transfer. */
    enum Decision {
        /** Logged: it commits everywhere, now or by recovery. */
        COMMITTED,
        /** Not logged, so presumed aborted everywhere. */
        ABORTED,
        /** Logging failed: recovery decides from whatever reached the disk. */
        UNDECIDED
    }

    /** @return whether the commit decision is logged */
    boolean committed() {
        return decision == Decision.COMMITTED;
    }

    /** @return whether {@code recover} has something to do for it */
    boolean inDoubt() {
        return !leftInDoubt.isEmpty();
    }

    /** @return one line: {@code COMMITTED|ABORTED|UNDECIDED <gid> ...} */
    String line() {
        StringBuilder s = new StringBuilder(decision.name()).append(' ').append(gid);
        if (!reason.isEmpty()) {
            s.append(": ").append(reason);
        }
        if (inDoubt()) {
            s.append(" [left in doubt for recover: ").append(String.join("; ", leftInDoubt)).append(']');
        }
        return s.toString();
    }
}
