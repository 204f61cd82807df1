package org.fdtserver.example.coordinator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMRules;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** The decision log's file, its checks on opening, and group commit (timed with Byteman). */
@RunWith(BMUnitRunner.class)
public class DecisionLogTest {

    /** How often {@link DecisionLog#commit} forced the file, counted by a Byteman rule. */
    public static final AtomicInteger FORCES = new AtomicInteger();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final List<Participant> TWO = List.of(new Participant("127.0.0.1", 7100), new Participant("127.0.0.1", 7101));

    @Test
    public void decisionsSurviveReopeningWithTheirParticipantsAndName() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("decisions.log");
        try (DecisionLog log = DecisionLog.open(file, "bank1")) {
            log.commit("bank1.x.1", TWO);
            log.commit("bank1.x.2", TWO);
        }
        try (DecisionLog log = DecisionLog.open(file, null)) {
            assertEquals("bank1", log.name());
            assertEquals(Set.of("bank1.x.1", "bank1.x.2"), log.committed());
            assertEquals(Set.copyOf(TWO), log.participants());
        }
        assertEquals("# ledger-coordinator log name=bank1\nCOMMIT bank1.x.1 127.0.0.1:7100 127.0.0.1:7101\n"
                + "COMMIT bank1.x.2 127.0.0.1:7100 127.0.0.1:7101\n", Files.readString(file));
    }

    @Test
    public void aTornLastRecordWasNeverForcedAndIsCutOff() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("torn.log");
        Files.writeString(file, "# ledger-coordinator log name=c\nCOMMIT c.x.1 h:1 h:2\nCOMMIT c.x.2 h:", StandardCharsets.UTF_8);
        try (DecisionLog log = DecisionLog.open(file, "c")) {
            assertEquals(Set.of("c.x.1"), log.committed());
            log.commit("c.x.3", TWO);
        }
        try (DecisionLog log = DecisionLog.open(file, "c")) {
            assertEquals(Set.of("c.x.1", "c.x.3"), log.committed());
        }
    }

    @Test
    public void anotherCoordinatorsLogAMalformedLineAndALogInUseAreRefusedByName() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("a.log");
        try (DecisionLog log = DecisionLog.open(file, "alpha")) {
            DecisionLog.LogException inUse = assertThrows(DecisionLog.LogException.class, () -> DecisionLog.open(file, "alpha"));
            assertTrue(inUse.getMessage(), inUse.getMessage().contains("in use by another coordinator"));
        }
        DecisionLog.LogException other = assertThrows(DecisionLog.LogException.class, () -> DecisionLog.open(file, "beta"));
        assertEquals("the log " + file + " belongs to coordinator 'alpha', not 'beta'", other.getMessage());
        Files.writeString(file, "COMMIT x\n", java.nio.file.StandardOpenOption.APPEND);
        DecisionLog.LogException bad = assertThrows(DecisionLog.LogException.class, () -> DecisionLog.open(file, null));
        assertTrue(bad.getMessage(), bad.getMessage().startsWith(file + ":2: expected 'COMMIT <gid> <host:port>...'"));
        assertThrows(DecisionLog.LogException.class, () -> DecisionLog.open(tmp.getRoot().toPath().resolve("b.log"), "no-dash"));
    }

    /**
     * Two threads decide at once; both records are written before either takes the force lock, so
     * the first force covers both and the other thread returns without forcing again.
     */
    @Test
    @BMRules(rules = {
        @BMRule(name = "both decisions are written before either thread forces",
                targetClass = "DecisionLog", targetMethod = "commit",
                targetLocation = "AT SYNCHRONIZE 2", // the force lock, after the record is written
                action = "createRendezvous(\"written\", 2); rendezvous(\"written\", 10000)"),
        @BMRule(name = "count the forces",
                targetClass = "DecisionLog", targetMethod = "commit",
                targetLocation = "AT INVOKE java.nio.channels.FileChannel.force",
                action = "org.fdtserver.example.coordinator.DecisionLogTest.FORCES.incrementAndGet()")
    })
    public void concurrentDecisionsShareOneForce() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("group.log");
        try (DecisionLog log = DecisionLog.open(file, "g")) {
            FORCES.set(0);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = List.of(1, 2).stream().map(n -> new Thread(() -> {
                try {
                    log.commit("g.x." + n, TWO);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "decider-" + n)).toList();
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(30_000);
                assertTrue(t.getName() + " returned", !t.isAlive());
            }
            assertEquals(List.of(), failures);
            assertEquals("one force covered both records", 1, FORCES.get());
        }
        try (DecisionLog log = DecisionLog.open(file, "g")) {
            assertEquals(Set.of("g.x.1", "g.x.2"), log.committed());
        }
    }
}
