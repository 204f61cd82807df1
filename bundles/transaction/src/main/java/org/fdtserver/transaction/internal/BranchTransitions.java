package org.fdtserver.transaction.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.fdtserver.api.tx.BranchState;

/** The table of legal moves of a connection's branch. */
final class BranchTransitions {

    private static final Map<BranchState, Set<BranchState>> LEGAL = Map.of(
            BranchState.NONE, EnumSet.of(BranchState.ACTIVE),
            BranchState.ACTIVE, EnumSet.of(BranchState.PREPARED, BranchState.COMMITTED, BranchState.ROLLED_BACK),
            BranchState.PREPARED, EnumSet.of(BranchState.COMMITTED, BranchState.ROLLED_BACK),
            // A finished branch lets the connection begin the next one.
            BranchState.COMMITTED, EnumSet.of(BranchState.ACTIVE),
            BranchState.ROLLED_BACK, EnumSet.of(BranchState.ACTIVE));

    private BranchTransitions() {
    }

    static boolean isLegal(BranchState from, BranchState to) {
        return LEGAL.get(from).contains(to);
    }
}
