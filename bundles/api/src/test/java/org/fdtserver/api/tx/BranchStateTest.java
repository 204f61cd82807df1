package org.fdtserver.api.tx;

import static org.junit.Assert.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The branch lifecycle's table: every legal move, and that every other move is refused. */
public class BranchStateTest {

    private static final Map<BranchState, Set<BranchState>> LEGAL = Map.of(
            BranchState.NONE, EnumSet.of(BranchState.ACTIVE),
            BranchState.ACTIVE, EnumSet.of(BranchState.PREPARED, BranchState.COMMITTED, BranchState.ROLLED_BACK),
            BranchState.PREPARED, EnumSet.of(BranchState.COMMITTED, BranchState.ROLLED_BACK),
            BranchState.COMMITTED, EnumSet.of(BranchState.ACTIVE),
            BranchState.ROLLED_BACK, EnumSet.of(BranchState.ACTIVE));

    @Test
    public void everyStateAllowsExactlyItsSuccessors() {
        for (BranchState from : BranchState.values()) {
            for (BranchState to : BranchState.values()) {
                assertEquals(from + " -> " + to, LEGAL.get(from).contains(to), from.canMoveTo(to));
            }
        }
    }

    @Test
    public void onlyCommittedAndRolledBackAreFinal() {
        for (BranchState s : BranchState.values()) {
            assertEquals(s.name(), s == BranchState.COMMITTED || s == BranchState.ROLLED_BACK, s.isFinal());
        }
    }
}
