package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.fdtserver.runtime.protocol.WorkerState;
import org.junit.Test;

/** The one method that moves the worker's own state. */
public class WorkerLifecycleTest {

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
        lifecycle.moveTo(WorkerState.FAILED, "boot failed");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lifecycle.moveTo(WorkerState.READY, "accepting"));
        assertTrue(e.getMessage(), e.getMessage().contains("FAILED -> READY: accepting"));
        assertEquals(WorkerState.FAILED, lifecycle.state());
    }
}
