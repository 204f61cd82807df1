package org.fdtserver.example.coordinator;

import java.io.IOException;
import java.util.Optional;

/**
 * One participant's branch of a transfer: BEGIN and the work, PREPARE, then COMMIT or ROLLBACK,
 * over the worker thread's standing {@link Link}. Its state moves only in {@link #moveTo}; what
 * the coordinator must still do for the branch follows from the state alone.
 */
final class Leg {

    /** What the coordinator knows of the branch. */
    enum State {
        /** Nothing begun, or nothing left: a lost connection before PREPARE rolls the branch back. */
        NONE,
        /** Begun and working, connection alive. */
        ACTIVE,
        /** Voted yes: prepared in the participant's database, waiting for phase two. */
        PREPARED,
        /** PREPARE was sent but the answer was lost: it may be prepared. */
        MAYBE_PREPARED,
        /** Finished: committed, rolled back, or voted read-only / no. */
        DONE,
        /** Phase two could not be done now: left prepared for {@code recover}. */
        LEFT_IN_DOUBT
    }

    private final Link link;
    private final String gid;
    private final String work;
    private State state = State.NONE;
    private String problem;

    /**
     * @param link the standing connection to the participant
     * @param gid the global transaction id
     * @param work the request that does this branch's work, e.g. {@code DEBIT alice 100}
     */
    Leg(Link link, String gid, String work) {
        this.link = link;
        this.gid = gid;
        this.work = work;
    }

    Participant participant() {
        return link.participant();
    }

    State state() {
        return state;
    }

    /** @return why the branch was left in doubt, if it was */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * BEGIN with the global id, then the work.
     *
     * @throws StepFailed if either is refused or the connection is lost
     */
    void begin() throws StepFailed {
        Answer begun = phaseOne("BEGIN " + gid);
        if (!begun.is("BEGIN " + gid)) {
            throw new StepFailed("BEGIN on " + participant() + ": " + begun.last());
        }
        moveTo(State.ACTIVE);
        Answer done = phaseOne(work);
        if (!done.ok()) {
            throw new StepFailed(work + " on " + participant() + ": " + done.last());
        }
    }

    /**
     * Phase one.
     *
     * @throws StepFailed if the vote is no or the answer is lost
     */
    void prepare() throws StepFailed {
        Answer vote;
        try {
            vote = link.ask("PREPARE");
        } catch (IOException e) {
            moveTo(State.MAYBE_PREPARED);
            throw new StepFailed("PREPARE on " + participant() + ": connection lost: " + e.getMessage());
        }
        if (vote.is("PREPARED")) {
            moveTo(State.PREPARED);
        } else if (vote.is("READ-ONLY")) {
            moveTo(State.DONE); // nothing to commit there: no phase two
        } else {
            moveTo(State.DONE); // a no vote (or a refused PREPARE) leaves nothing prepared
            throw new StepFailed("PREPARE on " + participant() + ": " + vote.last());
        }
    }

    /** Phase two after a logged commit decision: COMMIT, else COMMIT-PREPARED on a new connection. */
    void commit() {
        if (state != State.PREPARED) {
            return;
        }
        try {
            if (link.ask("COMMIT").is("COMMITTED")) {
                moveTo(State.DONE);
                return;
            }
        } catch (IOException e) {
            // resolved below, over a connection of its own
        }
        resolveElsewhere("COMMIT-PREPARED");
    }

    /** Undoes whatever the branch holds; called on abort, for every leg. */
    void rollback() {
        switch (state) {
            case ACTIVE -> {
                try {
                    link.ask("ROLLBACK");
                } catch (IOException e) {
                    // a lost connection rolls an ACTIVE branch back as well
                }
                moveTo(State.DONE);
            }
            case PREPARED -> {
                try {
                    if (link.ask("ROLLBACK").is("ROLLED-BACK")) {
                        moveTo(State.DONE);
                        return;
                    }
                } catch (IOException e) {
                    // resolved below
                }
                resolveElsewhere("ROLLBACK-PREPARED");
            }
            case MAYBE_PREPARED -> resolveElsewhere("ROLLBACK-PREPARED");
            default -> {
                // nothing held
            }
        }
    }

    private Answer phaseOne(String request) throws StepFailed {
        try {
            return link.ask(request);
        } catch (IOException e) {
            // The participant rolls back an ACTIVE branch whose connection is gone.
            moveTo(State.NONE);
            throw new StepFailed(request + " on " + participant() + ": connection lost: " + e.getMessage());
        }
    }

    /**
     * Phase two by global id over a new connection (any worker of the participant will do). "No
     * prepared transaction" means it is finished already: a COMMIT whose answer was lost went
     * through, or a PREPARE whose answer was lost did not prepare. (Or that PREPARE is still on
     * its way through the participant; the branch it leaves is presumed aborted by {@code recover}.)
     */
    private void resolveElsewhere(String verb) {
        try {
            Answer a = link.askOnce(verb + " " + gid);
            if (a.ok() || a.nothingPrepared()) {
                moveTo(State.DONE);
                return;
            }
            problem = verb + " on " + participant() + ": " + a.last();
        } catch (IOException e) {
            problem = verb + " on " + participant() + ": " + e.getMessage();
        }
        moveTo(State.LEFT_IN_DOUBT);
    }

    private void moveTo(State next) {
        state = next;
    }
}
