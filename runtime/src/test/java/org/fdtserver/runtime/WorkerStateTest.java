package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class WorkerStateTest {

    @Test
    public void startingMayBecomeReadyDrainingOrFailed() {
        assertTrue(WorkerState.STARTING.canMoveTo(WorkerState.READY));
        assertTrue(WorkerState.STARTING.canMoveTo(WorkerState.DRAINING));
        assertTrue(WorkerState.STARTING.canMoveTo(WorkerState.FAILED));
        assertFalse(WorkerState.STARTING.canMoveTo(WorkerState.EXITED));
    }

    @Test
    public void readyOnlyDrainsAndDrainingOnlyExits() {
        assertTrue(WorkerState.READY.canMoveTo(WorkerState.DRAINING));
        assertFalse(WorkerState.READY.canMoveTo(WorkerState.FAILED));
        assertTrue(WorkerState.DRAINING.canMoveTo(WorkerState.EXITED));
        assertFalse(WorkerState.DRAINING.canMoveTo(WorkerState.READY));
    }

    @Test
    public void endStatesAreFinal() {
        for (WorkerState next : WorkerState.values()) {
            assertFalse(WorkerState.EXITED.canMoveTo(next));
            assertFalse(WorkerState.FAILED.canMoveTo(next));
        }
    }

    @Test
    public void lifecycleRefusesIllegalMovesAndKeepsItsState() {
        WorkerLifecycle lifecycle = new WorkerLifecycle();
        assertFalse(lifecycle.moveTo(WorkerState.EXITED));
        assertEquals(WorkerState.STARTING, lifecycle.state());
        assertTrue(lifecycle.moveTo(WorkerState.READY));
        assertFalse(lifecycle.moveTo(WorkerState.READY));
        assertTrue(lifecycle.moveTo(WorkerState.DRAINING));
        assertTrue(lifecycle.moveTo(WorkerState.EXITED));
        assertEquals(WorkerState.EXITED, lifecycle.state());
    }
}
