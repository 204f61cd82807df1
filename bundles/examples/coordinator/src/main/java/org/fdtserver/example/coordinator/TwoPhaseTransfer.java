package org.fdtserver.example.coordinator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one transfer as a two-phase commit over its legs, in the legs' order (participants in
 * one fixed order for every transfer, so two transfers never wait for each other's rows in a
 * cycle that spans two databases, which neither database could detect):
 * <ol>
 *   <li>BEGIN and work on every leg; PREPARE every leg;</li>
 *   <li>any refusal, NO vote or lost connection: roll back every leg (presume abort: nothing logged);</li>
 *   <li>all YES: log the commit decision and force it to disk;</li>
 *   <li>only then COMMIT every leg; a branch that cannot be committed now stays prepared, and
 *       recovery commits it from the log.</li>
 * </ol>
 */
final class TwoPhaseTransfer {

    /** Called after a decision is on disk and before phase two; the load's halt option uses it. */
    interface DecisionListener {
        void decided(String gid);
    }

    private final DecisionLog log;
    private final DecisionListener listener;

    TwoPhaseTransfer(DecisionLog log, DecisionListener listener) {
        this.log = log;
        this.listener = listener;
    }

    /**
     * @param gid the global id
     * @param legs the branches, in participant order
     * @return how it ended
     */
    Outcome run(String gid, List<Leg> legs) {
        long start = System.nanoTime();
        try {
            for (Leg leg : legs) {
                leg.begin();
            }
            for (Leg leg : legs) {
                leg.prepare();
            }
        } catch (StepFailed e) {
            legs.forEach(Leg::rollback);
            return new Outcome(gid, Outcome.Decision.ABORTED, e.getMessage(), leftInDoubt(legs), System.nanoTime() - start);
        }
        List<Participant> participants = legs.stream().map(Leg::participant).toList();
        try {
            log.commit(gid, participants);
        } catch (IOException e) {
            // Whether the record reached the disk is unknown: leave every branch prepared and
            // let recovery decide from what the log holds.
            List<String> all = legs.stream().map(l -> l.participant() + ": decision not logged (" + e.getMessage() + ")").toList();
            return new Outcome(gid, Outcome.Decision.UNDECIDED, "cannot log the decision", all, System.nanoTime() - start);
        }
        listener.decided(gid);
        legs.forEach(Leg::commit);
        return new Outcome(gid, Outcome.Decision.COMMITTED, "", leftInDoubt(legs), System.nanoTime() - start);
    }

    private static List<String> leftInDoubt(List<Leg> legs) {
        List<String> left = new ArrayList<>();
        for (Leg leg : legs) {
            if (leg.state() == Leg.State.LEFT_IN_DOUBT) {
                left.add(leg.problem().orElse(leg.participant().toString()));
            }
        }
        return left;
    }
}
