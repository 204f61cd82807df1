package org.fdtserver.launcher.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.launcher.posix.ExitStatus;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.fdtserver.runtime.protocol.LineChannel;
import org.fdtserver.runtime.protocol.TimingBudgets;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.fdtserver.runtime.protocol.WorkerState;

/** Drives the supervisor pass by pass with a fake clock, fake processes and real socket pairs. */
public class SupervisorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private final FakeProcesses processes = new FakeProcesses();
    private final FakeFactory factory = new FakeFactory();
    private final List<SocketChannel> peers = new ArrayList<>();
    private long now = 1_000_000;
    private LauncherConfig config;
    private ServerSocketChannel server;
    private Supervisor sup;

    @Before
    public void setUp() throws Exception {
        Properties p = new Properties();
        p.setProperty("workers", "2");
        p.setProperty("ready_timeout", "20s");
        p.setProperty("graceful_timeout", "10s");
        config = ConfigParser.parse(Path.of("test.properties"), p, tmp.getRoot().toPath());
        factory.next = config;
        sup = new Supervisor(config, processes, new Events(), factory, () -> now);
        sup.startGeneration(plan(1, config));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(tmp.getRoot().toPath().resolve("s.sock")));
    }

    @After
    public void tearDown() throws IOException {
        for (SocketChannel c : peers) {
            c.close();
        }
        server.close();
    }

    /** A connection as the supervisor sees it, and the worker's end to read what it was sent. */
    private record Peer(ControlConnection conn, LineChannel worker, SocketChannel launcherEnd) {
    }

    private Peer connect() throws IOException {
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        peers.add(client);
        peers.add(accepted);
        return new Peer(ControlConnection.over(accepted), new LineChannel(client), accepted);
    }

    private void send(Peer from, String line) {
        sup.step(new Event.MessageReceived(from.conn(), ControlMessage.parse(line)));
    }

    private Generation gen() {
        return sup.generations().get(0);
    }

    private Peer hello(int slot) throws IOException {
        return hello(gen(), slot);
    }

    private Peer hello(Generation g, int slot) throws IOException {
        Peer p = connect();
        Worker w = g.worker(slot);
        send(p, "HELLO " + w.id() + " " + w.pid);
        return p;
    }

    private static GenerationPlan plan(long number, LauncherConfig c) {
        return new GenerationPlan(number, c, Path.of("gen-" + number, "worker.properties"), List.of(),
                List.of("org.example.app " + number + ".0.0"));
    }

    private Generation gen(long number) {
        return sup.generations().stream().filter(g -> g.number == number).findFirst().orElseThrow();
    }

    /** Starts generation n's workers after a HUP and reports them READY; returns their peers. */
    private Peer[] reloadReady(long number) throws IOException {
        sup.step(new Event.SignalReceived("HUP"));
        Generation g = gen(number);
        List<Worker> workers = g.alive();
        Peer[] peers = new Peer[workers.size()];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = hello(g, workers.get(i).slot);
        }
        for (Peer p : peers) {
            send(p, "READY");
        }
        return peers;
    }

    /** Hangs up the launcher's end and reads what it had sent: never blocks on a line that was not sent. */
    private static List<String> sentSoFar(Peer p) throws IOException {
        p.conn().close();
        List<String> lines = new ArrayList<>();
        for (String l = p.worker().readLine(); l != null; l = p.worker().readLine()) {
            lines.add(l);
        }
        return lines;
    }

    private List<String> cli(String command) throws IOException {
        Peer cli = connect();
        send(cli, "CLI " + command);
        List<String> lines = new ArrayList<>();
        for (String l = cli.worker().readLine(); l != null; l = cli.worker().readLine()) {
            lines.add(l);
        }
        return lines;
    }

    private Peer[] bootReady() throws IOException {
        sup.step(null);
        Peer a = hello(0);
        Peer b = hello(1);
        send(a, "READY");
        send(b, "READY");
        return new Peer[] {a, b};
    }

    @Test
    public void aDeadEmbeddedDatabaseIsRestartedOnTheNextPass() throws Exception {
        List<String> restarts = new ArrayList<>();
        sup.superviseDatabase(() -> restarts.add("restart"));
        sup.step(null);
        assertEquals(List.of(), restarts);
        sup.step(new Event.DatabaseDied(4242, "signal SIGKILL"));
        assertEquals(List.of("restart"), restarts);
    }

    @Test
    public void generationServesWhenEveryWorkerIsReady() throws Exception {
        sup.step(null);
        assertEquals(List.of("1.0", "1.1"), processes.spawned);
        Peer a = hello(0);
        Peer b = hello(1);
        send(a, "READY");
        assertEquals(GenerationState.STARTING, gen().state());
        send(b, "READY");
        assertEquals(GenerationState.SERVING, gen().state());
        assertEquals(WorkerState.READY, gen().worker(1).state());
    }

    @Test
    public void failedWorkerAbortsTheStartingGenerationAndTheLauncherExits1() throws Exception {
        sup.step(null);
        Peer a = hello(0);
        Peer b = hello(1);
        send(a, "FAILED bundle org.example.echo: missing requirement osgi.wiring.package=org.fdtserver.api");
        assertEquals(GenerationState.ABORTED, gen().state());
        assertEquals("worker 1.0: bundle org.example.echo: missing requirement osgi.wiring.package=org.fdtserver.api",
                gen().abortReason());
        assertEquals("HALT", b.worker().readLine());
        assertEquals(1, factory.closed);
        processes.exit(gen().worker(0).pid, ExitStatus.exited(ExitCodes.BOOT_FAILED));
        processes.exit(gen().worker(1).pid, ExitStatus.exited(0));
        sup.step(null);
        assertTrue(sup.finished());
        assertEquals(1, sup.exitCode());
    }

    @Test
    public void aWorkerThatReportedFailedExitsByItselfAndIsKilledOnlyPastItsDeadline() throws Exception {
        sup.step(null);
        Peer a = hello(0);
        hello(1);
        send(a, "FAILED bundle org.example.echo: missing requirement osgi.wiring.package=org.fdtserver.api");
        sup.step(null);
        assertFalse(processes.killed.contains(gen().worker(0).pid));
        a.conn().close(); // what was sent so far, then end of stream
        assertNull("the failed worker is not told to halt: it exits with its own code", a.worker().readLine());
        now += 5_001;
        sup.step(null);
        assertTrue("one that does not exit is killed past the deadline", processes.killed.contains(gen().worker(0).pid));
    }

    @Test
    public void bootFailedExitAbortsToo() throws Exception {
        sup.step(null);
        processes.exit(gen().worker(1).pid, ExitStatus.exited(ExitCodes.BOOT_FAILED));
        sup.step(null);
        assertEquals(GenerationState.ABORTED, gen().state());
        // Worker 1.0 never said HELLO: nobody to tell, so it is killed.
        assertTrue(processes.killed.contains(gen().worker(0).pid));
    }

    @Test
    public void readyTimeoutAbortsTheGeneration() throws Exception {
        sup.step(null);
        now += 20_001;
        sup.step(null);
        assertEquals(GenerationState.ABORTED, gen().state());
        assertEquals(1, sup.exitCode());
    }

    @Test
    public void unexpectedDeathWhileServingRespawnsTheSlotWithBackoff() throws Exception {
        bootReady();
        long first = gen().worker(0).pid;
        processes.exit(first, ExitStatus.decode(9));
        sup.step(null);
        assertEquals(List.of("1.0", "1.1", "1.0"), processes.spawned);
        assertEquals(GenerationState.SERVING, gen().state());
        Peer again = hello(0);
        send(again, "READY");
        processes.exit(gen().worker(0).pid, ExitStatus.exited(1));
        sup.step(null);
        assertEquals(3, processes.spawned.size());
        now += 999;
        sup.step(null);
        assertEquals(3, processes.spawned.size());
        now += 1;
        sup.step(null);
        assertEquals(4, processes.spawned.size());
    }

    @Test
    public void silentReadyWorkerIsKilledAndReplaced() throws Exception {
        Peer[] p = bootReady();
        now += 9_000;
        send(p[1], "STATUS 3 1 16");
        now += 1_001;
        sup.step(null);
        long silent = gen().worker(0).pid;
        assertTrue(processes.killed.contains(silent));
        assertFalse(processes.killed.contains(gen().worker(1).pid));
        assertEquals(3, gen().worker(1).connections());
        processes.exit(silent, ExitStatus.decode(9));
        sup.step(null);
        assertEquals(3, processes.spawned.size());
    }

    @Test
    public void closedControlConnectionIsNotFatal() throws Exception {
        Peer[] p = bootReady();
        sup.step(new Event.Disconnected(p[0].conn()));
        assertEquals(WorkerState.READY, gen().worker(0).state());
        assertTrue(processes.killed.isEmpty());
    }

    @Test
    public void termDrainsThenKillsLateWorkersAndExits0() throws Exception {
        Peer[] p = bootReady();
        sup.step(new Event.SignalReceived("TERM"));
        assertEquals(1, factory.closed);
        assertEquals("DRAIN", p[0].worker().readLine());
        assertEquals("DRAIN", p[1].worker().readLine());
        assertEquals(GenerationState.DRAINING, gen().state());
        processes.exit(gen().worker(0).pid, ExitStatus.exited(0));
        sup.step(null);
        assertEquals(WorkerState.EXITED, gen().worker(0).state());
        assertFalse(sup.finished());
        now += TimingBudgets.drainKillAfterMillis(10_000);
        sup.step(null);
        assertTrue(processes.killed.contains(gen().worker(1).pid));
        processes.exit(gen().worker(1).pid, ExitStatus.decode(9));
        sup.step(null);
        assertEquals(GenerationState.GONE, gen().state());
        assertTrue(sup.finished());
        assertEquals(0, sup.exitCode());
        assertEquals(2, processes.spawned.size());
    }

    @Test
    public void aDrainingWorkerIsKilledOnlyAfterItsDrainAndFrameworkStopBudgets() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("TERM"));
        long asked = now;
        now = asked + TimingBudgets.drainLimitMillis(10_000) + TimingBudgets.FRAMEWORK_STOP_MILLIS;
        sup.step(null);
        assertTrue("still within its budgets: " + processes.killed, processes.killed.isEmpty());
        now = asked + TimingBudgets.drainKillAfterMillis(10_000);
        sup.step(null);
        assertEquals(Set.of(gen().worker(0).pid, gen().worker(1).pid), processes.killed);
    }

    @Test
    public void haltSendsHaltAndKillsAfterFiveSeconds() throws Exception {
        Peer[] p = bootReady();
        Peer cli = connect();
        send(cli, "CLI halt");
        assertEquals("halting", cli.worker().readLine());
        assertEquals("HALT", p[0].worker().readLine());
        now += 5_000;
        sup.step(null);
        assertEquals(Set.of(gen().worker(0).pid, gen().worker(1).pid), processes.killed);
    }

    @Test
    public void cliWorkersAnswersAndCloses() throws Exception {
        bootReady();
        Peer cli = connect();
        send(cli, "CLI workers");
        assertEquals("1.0 " + gen().worker(0).pid + " READY 1", cli.worker().readLine());
        assertEquals("1.1 " + gen().worker(1).pid + " READY 1", cli.worker().readLine());
        assertEquals(null, cli.worker().readLine());
    }

    @Test
    public void cliStopStopsGracefully() throws Exception {
        bootReady();
        Peer cli = connect();
        send(cli, "CLI stop");
        assertEquals("stopping", cli.worker().readLine());
        assertEquals(GenerationState.DRAINING, gen().state());
    }

    // ------------------------------------------------------------------ reload

    @Test
    public void hupStartsANewGenerationAndDrainsTheOldOneOnlyOnceTheNewOneIsReady() throws Exception {
        Peer[] old = bootReady();
        sup.step(new Event.SignalReceived("HUP"));
        assertEquals(List.of(2L), factory.prepared);
        Generation g2 = gen(2);
        assertEquals(List.of("1.0", "1.1", "2.0", "2.1"), processes.spawned);
        Peer a = hello(g2, 0);
        Peer b = hello(g2, 1);
        send(a, "READY");
        assertEquals("the old generation serves until every new worker is ready", GenerationState.SERVING, gen(1).state());
        now += 700;
        send(b, "READY");
        assertEquals(GenerationState.SERVING, g2.state());
        assertEquals(GenerationState.DRAINING, gen(1).state());
        assertEquals("DRAIN", old[0].worker().readLine());
        assertEquals("DRAIN", old[1].worker().readLine());
        assertEquals("the listeners of the serving generation are kept", List.of(List.of(2L)), factory.retained.subList(
                factory.retained.size() - 1, factory.retained.size()));
        processes.exit(gen(1).worker(0).pid, ExitStatus.exited(0));
        processes.exit(gen(1).worker(1).pid, ExitStatus.exited(0));
        sup.step(null);
        assertEquals(GenerationState.GONE, gen(1).state());
        assertEquals("no respawn of drained workers", 4, processes.spawned.size());
        assertTrue(cli("status").contains("last reload: generation 2 SERVING (2 workers ready in 700 ms)"));
    }

    @Test
    public void failingNewGenerationIsAbortedWhileTheOldOneServesOn() throws Exception {
        Peer[] old = bootReady();
        sup.step(new Event.SignalReceived("HUP"));
        Peer a = hello(gen(2), 0);
        Peer b = hello(gen(2), 1);
        send(a, "FAILED org.example.app 2.0.0: component org.example.Broken failed to activate: boom");
        assertEquals(GenerationState.ABORTED, gen(2).state());
        assertEquals("HALT", b.worker().readLine());
        assertEquals(GenerationState.SERVING, gen(1).state());
        assertFalse(sup.finished());
        assertEquals(0, factory.closed);
        assertTrue(processes.terminated.isEmpty());
        List<String> status = cli("status");
        assertTrue(status.toString(), status.contains("generation 2 ABORTED workers 2/2 uptime 0s"));
        assertTrue(status.toString(), status.contains(
                "  reason worker 2.0: org.example.app 2.0.0: component org.example.Broken failed to activate: boom"));
        assertTrue(status.toString(), status.contains("  bundles org.example.app 1.0.0"));
        processes.exit(gen(2).worker(0).pid, ExitStatus.exited(3));
        processes.exit(gen(2).worker(1).pid, ExitStatus.exited(0));
        sup.step(null);
        assertEquals("aborted workers are not respawned", 4, processes.spawned.size());
        assertEquals(WorkerState.READY, gen(1).worker(0).state());
        send(old[0], "STATUS 0 0 4");
    }

    @Test
    public void invalidConfigurationAbortsTheReloadBeforeAnyWorkerStarts() throws Exception {
        bootReady();
        factory.failure = "test.properties: key 'workers': expected a whole number >= 0, got 'lots'";
        Peer waiter = connect();
        send(waiter, "CLI await-reload");
        assertTrue(waiter.worker().readLine().startsWith("WAITING "));
        sup.step(new Event.SignalReceived("HUP"));
        assertTrue("a rejected reload makes no generation", sup.generations().stream().noneMatch(g -> g.number == 2));
        assertEquals("ABORTED 2 " + factory.failure, waiter.worker().readLine());
        assertEquals(null, waiter.worker().readLine());
        assertEquals(2, processes.spawned.size());
        assertEquals(GenerationState.SERVING, gen(1).state());
        assertTrue(cli("status").contains("last reload: generation 2 ABORTED: " + factory.failure));
    }

    @Test
    public void awaitReloadIsAnsweredWhenTheNextGenerationServes() throws Exception {
        bootReady();
        Peer waiter = connect();
        send(waiter, "CLI await-reload");
        assertEquals("WAITING " + ProcessHandle.current().pid() + " 1", waiter.worker().readLine());
        now += 1_234;
        reloadReady(2);
        assertEquals("SERVING 2 2 workers ready in 0 ms", waiter.worker().readLine());
    }

    @Test
    public void hupsDuringAStartAreCoalescedIntoOneReloadWithTheNewestConfiguration() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("HUP"));
        sup.step(new Event.SignalReceived("HUP"));
        sup.step(new Event.SignalReceived("HUP"));
        assertEquals("one generation starts at a time", List.of(2L), factory.prepared);
        assertTrue(cli("status").get(1).endsWith("another reload waits for the starting generation"));
        Peer a = hello(gen(2), 0);
        Peer b = hello(gen(2), 1);
        send(a, "READY");
        send(b, "READY");
        assertEquals("the coalesced reload follows", List.of(2L, 3L), factory.prepared);
        assertEquals(GenerationState.STARTING, gen(3).state());
        Peer c = hello(gen(3), 0);
        Peer d = hello(gen(3), 1);
        send(c, "READY");
        send(d, "READY");
        assertEquals(List.of(2L, 3L), factory.prepared);
        long serving = sup.generations().stream().filter(g -> g.state() == GenerationState.SERVING).count();
        assertEquals(1, serving);
        assertEquals(GenerationState.SERVING, gen(3).state());
        assertEquals(GenerationState.DRAINING, gen(2).state());
    }

    @Test
    public void reloadChangesTheWorkerCount() throws Exception {
        bootReady();
        Properties p = new Properties();
        p.setProperty("workers", "3");
        factory.next = ConfigParser.parse(Path.of("test.properties"), p, tmp.getRoot().toPath());
        reloadReady(2);
        assertEquals(3, gen(2).size());
        assertEquals(GenerationState.SERVING, gen(2).state());
    }

    @Test
    public void workerDyingBeforeReadyAbortsANewGeneration() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("HUP"));
        processes.exit(gen(2).worker(0).pid, ExitStatus.decode(9));
        sup.step(null);
        assertEquals(GenerationState.ABORTED, gen(2).state());
        assertEquals("worker 2.0 died before READY (signal SIGKILL)", gen(2).abortReason());
        assertFalse(sup.finished());
    }

    @Test
    public void slowNewGenerationIsAbortedAtItsReadyTimeout() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("HUP"));
        now += 20_001;
        sup.step(null);
        assertEquals(GenerationState.ABORTED, gen(2).state());
        assertEquals(GenerationState.SERVING, gen(1).state());
        assertEquals(0, sup.exitCode());
        assertFalse(sup.finished());
    }

    @Test
    public void endedGenerationsArePrunedWithTheirFiles() throws Exception {
        bootReady();
        for (int i = 0; i < WorkerRegistry.ENDED_KEPT + 2; i++) {
            sup.step(new Event.SignalReceived("HUP"));
            Generation g = sup.generations().get(sup.generations().size() - 1);
            processes.exit(g.worker(0).pid, ExitStatus.exited(ExitCodes.BOOT_FAILED));
            sup.step(null);
            assertEquals(GenerationState.ABORTED, g.state());
            processes.exit(g.worker(1).pid, ExitStatus.decode(9));
            sup.step(null);
        }
        assertEquals(WorkerRegistry.ENDED_KEPT + 1, sup.generations().size());
        assertEquals(1, sup.generations().get(0).number);
        assertEquals(List.of(2L, 3L), factory.discarded);
        reloadReady(WorkerRegistry.ENDED_KEPT + 4);
        processes.exit(gen(1).worker(0).pid, ExitStatus.exited(0));
        processes.exit(gen(1).worker(1).pid, ExitStatus.exited(0));
        sup.step(null);
        assertEquals(List.of(2L, 3L, 1L), factory.discarded);
    }

    @Test
    public void ttinAddsAWorkerAndTtouDrainsOneButNeverTheLast() throws Exception {
        Peer[] p = bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        assertEquals(3, gen().size());
        assertEquals("1.2", processes.spawned.get(2));
        Peer c = hello(2);
        send(c, "READY");
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals(2, gen().size());
        assertEquals("DRAIN", c.worker().readLine());
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals(1, gen().size());
        assertEquals("DRAIN", p[1].worker().readLine());
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals(1, gen().size());
        sup.step(new Event.SignalReceived("TTIN"));
        assertEquals("slot numbers are never reused", "1.3", processes.spawned.get(3));
        processes.exit(gen().worker(0).pid, ExitStatus.exited(0));
    }

    @Test
    public void aDrainingWorkerThatReportsABootFailureShowsFailed() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        Peer c = hello(2);
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals("DRAIN", c.worker().readLine());
        send(c, "FAILED bundle org.example.echo: missing requirement");
        assertTrue(cli("workers").toString(), cli("workers").contains("1.2 " + processes.nextPid(-1) + " FAILED 1"));
    }

    @Test
    public void ttinBeforeAnythingServesChangesNothing() {
        sup.step(new Event.SignalReceived("TTIN"));
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals(2, gen().size());
    }

    @Test
    public void hupWhileStoppingIsIgnoredAndWaitersAreTold() throws Exception {
        bootReady();
        Peer waiter = connect();
        send(waiter, "CLI await-reload");
        waiter.worker().readLine();
        sup.step(new Event.SignalReceived("TERM"));
        assertEquals("error: the launcher is stopping", waiter.worker().readLine());
        sup.step(new Event.SignalReceived("HUP"));
        assertTrue(factory.prepared.isEmpty());
        assertEquals(List.of("error: the launcher is stopping"), cli("await-reload"));
    }

    // ------------------------------------------------------------------ odd messages and requests

    @Test
    public void anUnknownCliCommandIsAnsweredWithTheCommandsThereAre() throws Exception {
        bootReady();
        assertEquals(List.of("error: unknown command 'restart' (workers, status, await-reload, stop, halt)"), cli("restart"));
        assertEquals(GenerationState.SERVING, gen().state());
    }

    @Test
    public void aMessageBeforeHelloIsIgnoredAndLogged() throws Exception {
        sup.step(null);
        Peer stranger = connect();
        send(stranger, "READY");
        assertTrue(log.lines().toString(), log.has("WARNING " + stranger.conn() + ": READY before HELLO, or from a worker already reaped; ignored"));
        assertTrue(stranger.conn().toString().startsWith("control connection #"));
        assertEquals(WorkerState.STARTING, gen().worker(0).state());
        assertEquals(GenerationState.STARTING, gen().state());
    }

    @Test
    public void aHelloThatNamesNoRunningWorkerIsClosed() throws Exception {
        sup.step(null);
        Peer impostor = connect();
        send(impostor, "HELLO 1.0 99999");
        assertNull("the launcher hangs up", impostor.worker().readLine());
        assertTrue(log.lines().toString(), log.has("HELLO '1.0 99999' names no running worker; closing it"));
        send(impostor, "READY");
        assertEquals(WorkerState.STARTING, gen().worker(0).state());
    }

    @Test
    public void aVerbOnlyTheLauncherSendsIsIgnoredWhenAWorkerSendsIt() throws Exception {
        Peer[] p = bootReady();
        send(p[0], "DRAIN");
        assertTrue(log.lines().toString(), log.has("WARNING worker 1.0 (pid " + gen().worker(0).pid + "): unexpected DRAIN from a worker"));
        assertEquals(WorkerState.READY, gen().worker(0).state());
    }

    @Test
    public void aMalformedStatusKeepsTheLastCountsAndIsLogged() throws Exception {
        Peer[] p = bootReady();
        send(p[0], "STATUS 3 1 16");
        send(p[0], "STATUS lots");
        assertTrue(log.lines().toString(), log.has("WARNING worker 1.0 (pid " + gen().worker(0).pid + "): malformed STATUS 'lots'"));
        assertEquals(3, gen().worker(0).connections());
        assertEquals(16, gen().worker(0).poolThreads());
    }

    @Test
    public void aWorkerThatDrainsOnItsOwnShowsDraining() throws Exception {
        Peer[] p = bootReady();
        send(p[0], "DRAINING");
        assertTrue(cli("workers").contains("1.0 " + gen().worker(0).pid + " DRAINING 1"));
        assertTrue(log.lines().toString(), log.has("READY -> DRAINING: on its own"));
        assertEquals(GenerationState.SERVING, gen().state());
    }

    @Test
    public void termBeforeAnyHelloAbortsTheStartingGenerationAndHaltsItsWorkers() throws Exception {
        sup.step(null);
        Peer a = hello(0);
        sup.step(new Event.SignalReceived("TERM"));
        assertEquals(GenerationState.ABORTED, gen().state());
        assertEquals("stopped before it was ready", gen().abortReason());
        assertEquals("HALT", a.worker().readLine());
        assertTrue("one that never said HELLO is killed", processes.killed.contains(gen().worker(1).pid));
    }

    @Test
    public void aWorkerAskedToDrainBeforeItsHelloIsSentTermAndToldAgainOnHello() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        sup.step(null);
        long third = gen().worker(2).pid;
        sup.step(new Event.SignalReceived("TERM"));
        assertTrue("not connected yet: SIGTERM", processes.terminated.contains(third));
        Peer late = hello(2);
        assertEquals("DRAIN", late.worker().readLine());
    }

    @Test
    public void aSecondStopOfTheSameKindChangesNothing() throws Exception {
        bootReady();
        assertEquals(List.of("stopping"), cli("stop"));
        assertEquals(List.of("stopping"), cli("stop"));
        assertTrue(log.lines().toString(), log.has("INFO already stopping (GRACEFUL)"));
        assertTrue(cli("status").get(0), cli("status").get(0).endsWith(" stopping (graceful)"));
        assertTrue("drained, not killed", processes.killed.isEmpty());
    }

    @Test
    public void aWorkerThatCannotBeSpawnedAbortsTheGenerationAtOnce() throws Exception {
        processes.spawnFailure = "error=2, No such file or directory";
        sup.step(null);
        assertEquals(GenerationState.ABORTED, gen().state());
        assertEquals("cannot spawn worker 1.0: error=2, No such file or directory", gen().abortReason());
        assertTrue(log.lines().toString(), log.has("SEVERE cannot spawn worker 1.0: error=2, No such file or directory"));
        assertEquals("the second slot is not tried", List.of("1.0"), processes.spawned);
        assertTrue(sup.finished());
        assertEquals(1, sup.exitCode());
    }

    @Test
    public void aSlotWhoseWorkersKeepDyingBeforeReadyIsGivenUp() throws Exception {
        bootReady();
        for (int i = 0; i < RespawnPolicy.MAX_FAILED_STARTS + 1; i++) {
            processes.exit(gen().worker(0).pid, ExitStatus.exited(1));
            sup.step(null);
            now += RespawnPolicy.MAX_DELAY_MILLIS;
            sup.step(null);
        }
        assertTrue(log.lines().toString(), log.has(
                "SEVERE worker 1.0 died before READY 5 times in a row; slot 0 is no longer respawned"));
        assertEquals("two first spawns, one after the READY worker died, one after each of 4 failed starts; none after the 5th",
                2 + 1 + (RespawnPolicy.MAX_FAILED_STARTS - 1), processes.spawned.size());
        now += RespawnPolicy.MAX_DELAY_MILLIS;
        sup.step(null);
        assertEquals(2 + 1 + (RespawnPolicy.MAX_FAILED_STARTS - 1), processes.spawned.size());
        assertEquals(List.of("1.1 " + gen().worker(1).pid + " READY 1"), cli("workers"));
    }

    @Test
    public void ttouOfASlotWhoseWorkerIsDeadDrainsNobody() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        sup.step(null);
        long third = gen().worker(2).pid;
        for (int i = 0; i < 2; i++) { // two quick deaths: the next respawn waits a second
            processes.exit(gen().worker(2).pid, ExitStatus.exited(1));
            sup.step(null);
        }
        assertEquals(4, processes.spawned.size());
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals(2, gen().size());
        assertTrue(log.lines().toString(), log.has("SIGTTOU: generation 1 shrinks to 2 workers"));
        assertFalse(log.lines().toString(), log.has("; draining"));
        now += RespawnPolicy.MAX_DELAY_MILLIS;
        sup.step(null);
        assertEquals("the retired slot is not respawned", 4, processes.spawned.size());
        assertTrue(processes.terminated.isEmpty());
        assertNull("the retired slot is gone", gen().worker(2));
        assertFalse(processes.killed.contains(third));
    }

    @Test
    public void aWaiterThatRegistersWhileAGenerationStartsIsAnsweredByTheNextOne() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("HUP"));
        Peer waiter = connect();
        send(waiter, "CLI await-reload");
        assertEquals("WAITING " + ProcessHandle.current().pid() + " 2", waiter.worker().readLine());
        sup.step(new Event.SignalReceived("HUP")); // what `fdtserver reload` sends next: coalesced
        send(hello(gen(2), 0), "READY");
        send(hello(gen(2), 1), "READY");
        assertEquals(GenerationState.SERVING, gen(2).state());
        send(hello(gen(3), 0), "READY");
        send(hello(gen(3), 1), "READY");
        assertEquals("the reload it asked for is generation 3, not the one that was starting",
                "SERVING 3 2 workers ready in 0 ms", waiter.worker().readLine());
    }

    @Test
    public void aShellSocketThatCannotBeRemovedDoesNotStopTheRespawn() throws Exception {
        bootReady();
        Path blocked = config.runDir().resolve("shell-1.0.sock");
        Files.createDirectories(blocked.resolve("in-the-way"));
        processes.exit(gen().worker(0).pid, ExitStatus.decode(9));
        sup.step(null);
        assertTrue(log.lines().toString(), log.has("cannot remove the shell socket of worker 1.0 (pid 100): java.nio.file.DirectoryNotEmptyException"));
        assertEquals(List.of("1.0", "1.1", "1.0"), processes.spawned);
    }

    @Test
    public void anIllegalGenerationMoveIsABugAndSaysWhich() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> gen().moveTo(GenerationState.GONE, "every worker has exited"));
        assertEquals("generation 1: no move STARTING -> GONE (every worker has exited)", e.getMessage());
        assertEquals(GenerationState.STARTING, gen().state());
    }

    @Test
    public void aWorkerReapedTwiceIsABugAndSaysWhich() {
        Worker w = new Worker(gen(), 0, 4242, now);
        w.askToDrain(now, processes);
        w.exited(ExitStatus.exited(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.exited(ExitStatus.exited(0)));
        assertEquals("worker 1.0 (pid 4242): no move EXITED -> EXITED (exit code 0)", e.getMessage());
    }

    @Test
    public void anInterruptedWaitForEventsReturnsNothingAndKeepsTheInterrupt() {
        Events events = new Events();
        events.post(new Event.SignalReceived("HUP"));
        assertEquals(new Event.SignalReceived("HUP"), events.poll(0));
        Thread.currentThread().interrupt();
        try {
            assertNull(events.poll(60_000));
            assertTrue("the supervisor loop sees the interrupt", Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    public void aWorkerWhoseConnectionJustClosedIsSentTermInstead() throws Exception {
        Peer[] p = bootReady();
        p[0].conn().close(); // its reader saw the end; the Disconnected event is still queued
        sup.step(new Event.SignalReceived("TERM"));
        assertEquals(Set.of(gen().worker(0).pid), processes.terminated);
        assertEquals("DRAIN", p[1].worker().readLine());
    }

    // ------------------------------------------------------------------ found by mutation testing (issue 10)

    @Test
    public void aWorkerThatDrainsOnItsOwnIsStillKilledPastItsDeadlineOnTerm() throws Exception {
        Peer[] p = bootReady();
        send(p[0], "DRAINING");
        sup.step(new Event.SignalReceived("TERM"));
        assertEquals(List.of("DRAIN"), sentSoFar(p[0]));
        now += TimingBudgets.drainKillAfterMillis(10_000);
        sup.step(null);
        assertEquals(Set.of(gen().worker(0).pid, gen().worker(1).pid), processes.killed);
    }

    @Test
    public void aWorkerAskedToDrainTwiceKeepsItsFirstDeadline() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        Peer c = hello(2);
        send(c, "READY");
        long third = gen().worker(2).pid;
        sup.step(new Event.SignalReceived("TTOU"));
        assertEquals("DRAIN", c.worker().readLine());
        long asked = now;
        now += 5_000;
        sup.step(new Event.SignalReceived("TERM"));
        now = asked + TimingBudgets.drainKillAfterMillis(10_000);
        sup.step(null);
        assertEquals("the retired worker's deadline ran from the TTOU, the others' from the TERM",
                Set.of(third), processes.killed);
        assertEquals("DRAIN is not said twice", List.of(), sentSoFar(c));
    }

    @Test
    public void aRunningWorkerThatClosesItsConnectionIsLoggedOneOnItsWayOutIsNot() throws Exception {
        Peer[] p = bootReady();
        sup.step(new Event.Disconnected(p[0].conn()));
        assertTrue(log.lines().toString(), log.has(
                "INFO worker 1.0 (pid " + gen().worker(0).pid + ") closed its control connection while running"));
        sup.step(new Event.SignalReceived("TERM"));
        sup.step(new Event.Disconnected(p[1].conn()));
        assertFalse(log.lines().toString(), log.has("worker 1.1 (pid " + gen().worker(1).pid + ") closed its control connection"));
    }

    @Test
    public void aWorkerAskedToHaltOrThatFailedClosesItsConnectionUnlogged() throws Exception {
        Peer[] p = bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        Peer c = hello(2);
        send(c, "FAILED bundle org.example.echo: boom");
        sup.step(new Event.Disconnected(c.conn()));
        assertEquals(List.of("halting"), cli("halt"));
        sup.step(new Event.Disconnected(p[0].conn()));
        assertFalse(log.lines().toString(), log.has("closed its control connection while running"));
    }

    @Test
    public void aReapedWorkersControlConnectionIsClosedByTheLauncher() throws Exception {
        Peer[] p = bootReady();
        processes.exit(gen().worker(0).pid, ExitStatus.decode(9));
        sup.step(null);
        assertFalse("the launcher does not keep the dead worker's socket open", p[0].launcherEnd().isOpen());
        assertTrue(p[1].launcherEnd().isOpen());
    }

    @Test
    public void theOtherWorkersAreStillHeardAfterOneIsReaped() throws Exception {
        Peer[] p = bootReady();
        processes.exit(gen().worker(0).pid, ExitStatus.decode(9));
        sup.step(null);
        send(p[1], "STATUS 3 1 16");
        assertEquals(3, gen().worker(1).connections());
        assertFalse(log.lines().toString(), log.has("before HELLO"));
    }

    @Test
    public void aRespawnThatCannotBeSpawnedIsNotRetriedAtEveryPass() throws Exception {
        bootReady();
        processes.spawnFailure = "error=24, Too many open files";
        processes.exit(gen().worker(0).pid, ExitStatus.decode(9));
        sup.step(null);
        assertEquals(List.of("1.0", "1.1", "1.0"), processes.spawned);
        now += RespawnPolicy.MAX_DELAY_MILLIS;
        sup.step(null);
        assertEquals("the slot gave up", 3, processes.spawned.size());
        assertEquals(GenerationState.SERVING, gen().state());
    }

    @Test
    public void statusShowsUptimesAndTheLastStatusOfEachWorker() throws Exception {
        Peer[] p = bootReady();
        now += 65_400;
        send(p[0], "STATUS 3 1 16");
        List<String> status = cli("status");
        assertEquals("launcher pid " + ProcessHandle.current().pid() + " uptime 65s", status.get(0));
        assertEquals("no reload yet: the first generation is none", "last reload: none", status.get(1));
        assertTrue(status.toString(), status.contains("generation 1 SERVING workers 2/2 uptime 65s"));
        assertTrue(status.toString(), status.contains(
                "  worker 1.0 pid " + gen().worker(0).pid + " READY connections 3 busy 1/16 uptime 65s"));
    }

    @Test
    public void theLogSaysWhetherAGenerationStopsGracefullyOrFast() throws Exception {
        bootReady();
        sup.step(new Event.SignalReceived("TERM"));
        assertTrue(log.lines().toString(), log.has("INFO generation 1 SERVING -> DRAINING: graceful stop"));
        reloadLessSetUp();
        bootReady();
        assertEquals(List.of("halting"), cli("halt"));
        assertTrue(log.lines().toString(), log.has("INFO generation 1 SERVING -> DRAINING: fast stop"));
    }

    /** A fresh supervisor with generation 1 planned, as in {@link #setUp}. */
    private void reloadLessSetUp() {
        sup = new Supervisor(config, processes, new Events(), factory, () -> now);
        sup.startGeneration(plan(1, config));
    }

    @Test
    public void ttinNamesTheNewSlotAndBeforeAnythingServesSaysWhyNothingChanges() throws Exception {
        sup.step(new Event.SignalReceived("TTIN"));
        assertTrue(log.lines().toString(), log.has("WARNING SIGTTIN: no generation serves yet; nothing changes"));
        bootReady();
        sup.step(new Event.SignalReceived("TTIN"));
        assertTrue(log.lines().toString(), log.has("INFO SIGTTIN: generation 1 grows to 3 workers (slot 2)"));
        assertEquals("only the early one warned", 1, log.lines().stream().filter(l -> l.contains("no generation serves")).count());
    }

    @Test
    public void aWaiterToldTheLauncherStopsIsHungUpOn() throws Exception {
        bootReady();
        Peer waiter = connect();
        send(waiter, "CLI await-reload");
        waiter.worker().readLine();
        sup.step(new Event.SignalReceived("TERM"));
        assertEquals("error: the launcher is stopping", waiter.worker().readLine());
        assertFalse("`fdtserver reload` sees the end of the answer", waiter.launcherEnd().isOpen());
    }

    /** Plans generations from the configuration the test sets, or fails with its reason. */
    private static final class FakeFactory implements GenerationFactory {
        LauncherConfig next;
        String failure;
        int closed;
        final List<Long> prepared = new ArrayList<>();
        final List<List<Long>> retained = new ArrayList<>();
        final List<Long> discarded = new ArrayList<>();

        @Override
        public GenerationPlan prepare(long number) throws GenerationException {
            if (failure != null) {
                throw new GenerationException(failure);
            }
            prepared.add(number);
            return plan(number, next);
        }

        @Override
        public void retainListeners(java.util.Collection<GenerationPlan> live) {
            retained.add(live.stream().map(GenerationPlan::number).toList());
        }

        @Override
        public void closeListeners() {
            closed++;
        }

        @Override
        public void discard(GenerationPlan plan) {
            discarded.add(plan.number());
        }
    }

    /** Processes that exit when the test says so. */
    private static final class FakeProcesses implements WorkerProcesses {
        final List<String> spawned = new ArrayList<>();
        final Map<Long, ExitStatus> exits = new HashMap<>();
        final Set<Long> killed = new HashSet<>();
        final Set<Long> terminated = new HashSet<>();
        long nextPid = 100;
        String spawnFailure;

        @Override
        public long spawn(String workerId, GenerationPlan plan) throws IOException {
            spawned.add(workerId);
            if (spawnFailure != null) {
                throw new IOException(spawnFailure);
            }
            return nextPid++;
        }

        /** @return the pid spawned {@code -back} spawns ago, -1 for the last one */
        long nextPid(int back) {
            return nextPid + back;
        }

        void exit(long pid, ExitStatus status) {
            exits.put(pid, status);
        }

        @Override
        public Optional<ExitStatus> poll(long pid) {
            return Optional.ofNullable(exits.remove(pid));
        }

        @Override
        public void terminate(long pid) {
            terminated.add(pid);
        }

        @Override
        public void kill(long pid) {
            killed.add(pid);
        }
    }
}
