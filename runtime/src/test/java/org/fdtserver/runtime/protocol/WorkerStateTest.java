package org.fdtserver.runtime.protocol;

import static org.fdtserver.runtime.protocol.WorkerState.DRAINING;
import static org.fdtserver.runtime.protocol.WorkerState.EXITED;
import static org.fdtserver.runtime.protocol.WorkerState.FAILED;
import static org.fdtserver.runtime.protocol.WorkerState.READY;
import static org.fdtserver.runtime.protocol.WorkerState.STARTING;
import static org.junit.Assert.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The worker lifecycle, move by move. */
public class WorkerStateTest {

    private static final Map<WorkerState, Set<WorkerState>> LEGAL = Map.of(
            STARTING, EnumSet.of(READY, DRAINING, EXITED, FAILED),
            READY, EnumSet.of(DRAINING, EXITED, FAILED),
            DRAINING, EnumSet.of(EXITED, FAILED),
            EXITED, EnumSet.noneOf(WorkerState.class),
            FAILED, EnumSet.noneOf(WorkerState.class));

    @Test
    public void everyLegalMoveIsAllowedAndEveryOtherRefused() {
        for (WorkerState from : WorkerState.values()) {
            for (WorkerState to : WorkerState.values()) {
                assertEquals(from + " -> " + to, LEGAL.get(from).contains(to), from.canMoveTo(to));
            }
        }
    }
}
