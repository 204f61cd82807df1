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
        assertEquals(new Arguments("run", Optional.empty(), 0, false, List.of()), Arguments.parse(new String[] {"run"}));
        assertEquals(new Arguments("run", Optional.of(Path.of("x.properties")), 0, false, List.of()),
                Arguments.parse(new String[] {"run", "--config", "x.properties"}));
        assertEquals(new Arguments("shell", Optional.empty(), 2, false, List.of()), Arguments.parse(new String[] {"shell", "--worker", "2"}));
        assertEquals(new Arguments("stop", Optional.empty(), 0, true, List.of()), Arguments.parse(new String[] {"stop", "--now"}));
        assertEquals("status", Arguments.parse(new String[] {"status"}).command());
        assertEquals(new Arguments("tx", Optional.of(Path.of("c")), 0, false, List.of("commit", "coord.a1:2")),
                Arguments.parse(new String[] {"tx", "commit", "coord.a1:2", "--config", "c"}));
        assertEquals(List.of("list"), Arguments.parse(new String[] {"tx", "list"}).operands());
    }

    @Test
    public void theFirstWorkerAndBothTxVerbsWithJustTheirIdAreAccepted() throws Exception {
        assertEquals(0, Arguments.parse(new String[] {"shell", "--worker", "0"}).worker());
        assertEquals(List.of("commit", "coord.a1:2"), Arguments.parse(new String[] {"tx", "commit", "coord.a1:2"}).operands());
        assertEquals(List.of("rollback", "b-7"), Arguments.parse(new String[] {"tx", "rollback", "b-7"}).operands());
    }

    @Test
    public void aBadTxCommandLineSaysWhatIsWrong() {
        assertEquals("tx needs list, commit ID or rollback ID", usage("tx"));
        assertEquals("unknown tx command 'drop'", usage("tx", "drop", "x"));
        assertEquals("tx rollback needs the ID of a branch or a global transaction", usage("tx", "rollback"));
    }

    private static String usage(String... args) {
        return org.junit.Assert.assertThrows(UsageException.class, () -> Arguments.parse(args)).getMessage();
    }

    @Test
    public void helpAndVersionAreCommandsOfTheirOwn() throws Exception {
        for (String[] help : List.of(new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"},
                new String[] {"shell", "--help"}, new String[] {"tx", "commit", "--help"})) {
            assertEquals(List.of(help).toString(), "help", Arguments.parse(help).command());
        }
        assertEquals("version", Arguments.parse(new String[] {"--version"}).command());
    }

    @Test
    public void rejectsBadCommandLines() {
        for (String[] bad : List.of(new String[] {}, new String[] {"start"}, new String[] {"run", "--config"},
                new String[] {"run", "--worker", "1"}, new String[] {"shell", "--worker", "-1"},
                new String[] {"shell", "--worker", "x"}, new String[] {"status", "--now"}, new String[] {"--version", "x"},
                new String[] {"tx"}, new String[] {"tx", "drop"}, new String[] {"tx", "commit"},
                new String[] {"tx", "rollback", "--config", "c"}, new String[] {"tx", "commit", "a'b"},
                new String[] {"tx", "list", "--worker", "1"})) {
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
