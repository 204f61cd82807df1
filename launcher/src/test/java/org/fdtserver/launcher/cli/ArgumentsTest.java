package org.fdtserver.launcher.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class ArgumentsTest {

    @Test
    public void parsesEachCommand() throws Exception {
        assertEquals(new Arguments("run", Optional.empty(), 0, false), Arguments.parse(new String[] {"run"}));
        assertEquals(new Arguments("run", Optional.of(Path.of("x.properties")), 0, false),
                Arguments.parse(new String[] {"run", "--config", "x.properties"}));
        assertEquals(new Arguments("shell", Optional.empty(), 2, false), Arguments.parse(new String[] {"shell", "--worker", "2"}));
        assertEquals(new Arguments("stop", Optional.empty(), 0, true), Arguments.parse(new String[] {"stop", "--now"}));
        assertEquals("status", Arguments.parse(new String[] {"status"}).command());
    }

    @Test
    public void rejectsBadCommandLines() {
        for (String[] bad : List.of(new String[] {}, new String[] {"start"}, new String[] {"run", "--config"},
                new String[] {"run", "--worker", "1"}, new String[] {"shell", "--worker", "-1"},
                new String[] {"shell", "--worker", "x"}, new String[] {"status", "--now"})) {
            try {
                Arguments.parse(bad);
                fail("accepted " + List.of(bad));
            } catch (UsageException e) {
                assertTrue(e.getMessage(), !e.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void shellPicksTheNthReadyWorkerOfTheNewestGeneration() {
        List<String> lines = List.of("1.0 10 READY 1", "1.1 11 DRAINING 1", "2.0 20 STARTING 2", "2.1 21 READY 2", "2.2 22 READY 2");
        assertEquals("2.1", ShellCommand.pickWorker(lines, 0));
        assertEquals("2.2", ShellCommand.pickWorker(lines, 1));
        assertEquals(null, ShellCommand.pickWorker(lines, 2));
        assertEquals(null, ShellCommand.pickWorker(List.of(), 0));
    }
}
