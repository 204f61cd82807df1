package org.fdtserver.launcher.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.runtime.protocol.LineChannel;
import org.fdtserver.launcher.process.ExitStatus;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.ExitCodes;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Drives the supervisor pass by pass with a fake clock, fake processes and real socket pairs. */
public class SupervisorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeProcesses processes = new FakeProcesses();
    private final List<SocketChannel> peers = new ArrayList<>();
    private long now = 1_000_000;
    private int listenersClosed;
    private ServerSocketChannel server;
    private Supervisor sup;

    @Before
    public void setUp() throws Exception {
        Properties p = new Properties();
        p.setProperty("workers", "2");
        p.setProperty("ready_timeout", "20s");
        p.setProperty("graceful_timeout", "10s");
        LauncherConfig config = ConfigParser.parse(Path.of("test.properties"), p, tmp.getRoot().toPath());
        sup = new Supervisor(config, processes, new Events(), () -> listenersClosed++, () -> now);
        sup.startGeneration(1, Path.of("spec"));
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
    private record Peer(ControlConnection conn, LineChannel worker) {
    }

    private Peer connect() throws IOException {
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        peers.add(client);
        peers.add(accepted);
        return new Peer(ControlConnection.over(accepted), new LineChannel(client));
    }

    private void send(Peer from, String line) {
        sup.step(new Event.MessageReceived(from.conn(), ControlMessage.parse(line)));
    }

    private Generation gen() {
        return sup.generations().get(0);
    }

    private Peer hello(int slot) throws IOException {
        Peer p = connect();
        Worker w = gen().worker(slot);
        send(p, "HELLO " + w.id() + " " + w.pid);
        return p;
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
        assertEquals(List.of("worker 1.0: bundle org.example.echo: missing requirement osgi.wiring.package=org.fdtserver.api"),
                gen().failures());
        assertEquals("HALT", b.worker().readLine());
        assertEquals(1, listenersClosed);
        processes.exit(gen().worker(0).pid, ExitStatus.exited(ExitCodes.BOOT_FAILED));
        processes.exit(gen().worker(1).pid, ExitStatus.exited(0));
        sup.step(null);
        assertTrue(sup.finished());
        assertEquals(1, sup.exitCode());
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
        assertEquals(3, gen().worker(1).connections);
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
        assertEquals(1, listenersClosed);
        assertEquals("DRAIN", p[0].worker().readLine());
        assertEquals("DRAIN", p[1].worker().readLine());
        assertEquals(GenerationState.DRAINING, gen().state());
        processes.exit(gen().worker(0).pid, ExitStatus.exited(0));
        sup.step(null);
        assertEquals(WorkerState.EXITED, gen().worker(0).state());
        assertFalse(sup.finished());
        now += 15_000;
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
    public void haltSendsHaltAndKillsAfterFiveSeconds() throws Exception {
        Peer[] p = bootReady();
        sup.step(new Event.SignalReceived("QUIT"));
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

    /** Processes that exit when the test says so. */
    private static final class FakeProcesses implements WorkerProcesses {
        final List<String> spawned = new ArrayList<>();
        final Map<Long, ExitStatus> exits = new HashMap<>();
        final Set<Long> killed = new HashSet<>();
        final Set<Long> terminated = new HashSet<>();
        long nextPid = 100;

        @Override
        public long spawn(String workerId, Path specFile) {
            spawned.add(workerId);
            return nextPid++;
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
