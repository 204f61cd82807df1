package org.fdtserver.launcher.supervisor;

import static org.fdtserver.launcher.supervisor.GenerationState.ABORTED;
import static org.fdtserver.launcher.supervisor.GenerationState.DRAINING;
import static org.fdtserver.launcher.supervisor.GenerationState.GONE;
import static org.fdtserver.launcher.supervisor.GenerationState.SERVING;
import static org.fdtserver.launcher.supervisor.GenerationState.STARTING;
import static org.junit.Assert.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The generation lifecycle, move by move. */
public class GenerationStateTest {

    private static final Map<GenerationState, Set<GenerationState>> LEGAL = Map.of(
            STARTING, EnumSet.of(SERVING, ABORTED),
            SERVING, EnumSet.of(DRAINING),
            DRAINING, EnumSet.of(GONE),
            GONE, EnumSet.noneOf(GenerationState.class),
            ABORTED, EnumSet.noneOf(GenerationState.class));

    @Test
    public void everyLegalMoveIsAllowedAndEveryOtherRefused() {
        for (GenerationState from : GenerationState.values()) {
            for (GenerationState to : GenerationState.values()) {
                assertEquals(from + " -> " + to, LEGAL.get(from).contains(to), from.canMoveTo(to));
            }
        }
    }

    @Test
    public void liveAndEndedStates() {
        assertEquals(EnumSet.of(STARTING, SERVING), EnumSet.copyOf(
                java.util.Arrays.stream(GenerationState.values()).filter(GenerationState::live).toList()));
        assertEquals(EnumSet.of(GONE, ABORTED), EnumSet.copyOf(
                java.util.Arrays.stream(GenerationState.values()).filter(GenerationState::ended).toList()));
    }
}
