package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The runtime worker's lifecycle table, and the one method that moves it. */
public class WorkerStateTest {

    private static final Map<WorkerState, Set<WorkerState>> LEGAL = Map.of(
            WorkerState.STARTING, EnumSet.of(WorkerState.READY, WorkerState.DRAINING, WorkerState.FAILED),
            WorkerState.READY, EnumSet.of(WorkerState.DRAINING),
            WorkerState.DRAINING, EnumSet.of(WorkerState.EXITED),
            WorkerState.EXITED, EnumSet.noneOf(WorkerState.class),
            WorkerState.FAILED, EnumSet.noneOf(WorkerState.class));

    @Test
    public void everyStateAllowsExactlyItsSuccessors() {
        for (WorkerState from : WorkerState.values()) {
            for (WorkerState to : WorkerState.values()) {
                assertEquals(from + " -> " + to, LEGAL.get(from).contains(to), from.canMoveTo(to));
            }
        }
    }

    @Test
    public void lifecycleMakesLegalMoves() {
        WorkerLifecycle lifecycle = new WorkerLifecycle();
        assertEquals(WorkerState.STARTING, lifecycle.state());
        lifecycle.moveTo(WorkerState.READY, "accepting");
        lifecycle.moveTo(WorkerState.DRAINING, "asked to drain");
        lifecycle.moveTo(WorkerState.EXITED, "drained");
        assertEquals(WorkerState.EXITED, lifecycle.state());
    }

    @Test
    public void anIllegalMoveThrowsNamingBothStatesAndTheReasonAndKeepsTheState() {
        WorkerLifecycle lifecycle = new WorkerLifecycle();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lifecycle.moveTo(WorkerState.EXITED, "stopped"));
        assertTrue(e.getMessage(), e.getMessage().contains("STARTING -> EXITED: stopped"));
        assertEquals(WorkerState.STARTING, lifecycle.state());
    }
}
