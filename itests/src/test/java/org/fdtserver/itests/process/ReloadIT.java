package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Reloads that succeed, each against a server of its own: what clients and the operator see. */
public class ReloadIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ServerConfig config;
    private ServerProcess server;
    private Path bundles;
    private int greetPort;

    private void start(int workers) throws Exception {
        bundles = TestBundles.deployDirectory(tmp.newFolder("deploy").toPath());
        TestBundles.greeter(bundles.resolve("greeter.jar"), "1.0.0", "v1", false);
        greetPort = FreePorts.pick();
        config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("workers", Integer.toString(workers))
                .set("bundles_dir", bundles.toString())
                .set("listeners", "echo,http," + TestBundles.LISTENER)
                .set("listener." + TestBundles.LISTENER + ".address", "127.0.0.1:" + greetPort);
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(workers);
    }

    @After
    public void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void newCodeServesNewConnectionsWhileAnOldConnectionFinishesOnTheOldCode() throws Exception {
        start(1);
        List<Long> oldWorkers = server.readyWorkerPids();
        HttpLoad load = HttpLoad.start(config.httpPort());
        try (Socket old = Clients.connect(greetPort)) {
            BufferedReader oldIn = reader(old);
            send(old, "before");
            assertEquals("v1 before", oldIn.readLine());

            TestBundles.greeter(bundles.resolve("greeter.jar"), "2.0.0", "v2", false);
            Cli.Result reload = Cli.run(config, "reload");
            assertEquals(reload.output(), 0, reload.exitCode());
            assertThat(reload.output(), containsString("generation 2 serves"));

            assertEquals("v2 fresh", greet("fresh"));
            send(old, "still here");
            assertEquals("the connection opened before the reload talks to v1", "v1 still here", oldIn.readLine());
            assertTrue("the old worker waits for its connection", ServerProcess.alive(oldWorkers.get(0)));
        }
        await("the old worker exits once its connection closed").atMost(ServerProcess.DEADLINE)
                .until(() -> !ServerProcess.alive(oldWorkers.get(0)));
        load.stop();
        assertTrue("HTTP requests were served during the reload", load.ok.get() > 0);
        assertEquals("client errors during the reload: " + load.errors, 0, load.errors.size());
        String status = Cli.run(config, "status").output();
        assertThat(status, containsString("generation 2 SERVING"));
        assertThat(status, containsString("bundles org.fdtserver.example.echo"));
        assertThat(status, containsString("org.fdtserver.test.greeter 2.0.0"));
        assertThat(status, containsString("last reload: generation 2 SERVING"));
    }

    /** One deploy directory may offer more protocols than a configuration serves: the extra handler is named, not fatal. */
    @Test
    public void aHandlerForAListenerThatIsNotConfiguredServesNothingAndIsLogged() throws Exception {
        start(1);
        TestBundles.greeter(bundles.resolve("extra.jar"), "org.fdtserver.test.extra", "1.0.0", "extra", "unconfigured");
        Cli.Result reload = Cli.run(config, "reload");
        assertEquals(reload.output(), 0, reload.exitCode());
        assertThat(reload.output(), containsString("generation 2 serves"));
        assertEquals("v1 hello", greet("hello"));
        server.awaitLine("org.fdtserver.test.extra 1.0.0 names listener unconfigured, which is not configured"
                + " (listeners: echo, http, " + TestBundles.LISTENER + "); it serves nothing there");
    }

    @Test
    public void threeQuickHupsEndWithExactlyOneServingGeneration() throws Exception {
        start(1);
        server.signal("HUP");
        server.signal("HUP");
        server.signal("HUP");
        await("the reloads settle").atMost(ServerProcess.DEADLINE).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    List<String> status = ControlClient.ask(config.runDir(), "status");
                    return status.stream().noneMatch(l -> l.contains("STARTING") || l.contains("another reload waits"))
                            && status.stream().noneMatch(l -> l.contains(" DRAINING"))
                            && status.stream().anyMatch(l -> l.startsWith("last reload: generation"));
                });
        List<String> status = ControlClient.ask(config.runDir(), "status");
        List<String> serving = status.stream().filter(l -> l.startsWith("generation ") && l.contains(" SERVING ")).toList();
        assertEquals(String.join("\n", status), 1, serving.size());
        assertFalse("HUPs during a start coalesce: " + status, status.stream().anyMatch(l -> l.startsWith("generation 4 ")));
        long servingGeneration = Long.parseLong(serving.get(0).split(" ")[1]);
        List<ControlClient.WorkerLine> workers = ControlClient.workers(config.runDir());
        assertEquals(1, workers.size());
        assertEquals(servingGeneration, workers.get(0).generation());
        assertEquals(200, Clients.get(config.httpPort(), "/").status());
    }

    @Test
    public void ttinAndTtouChangeTheNumberOfWorkerProcesses() throws Exception {
        start(2);
        server.signal("TTIN");
        List<Long> three = server.awaitReadyWorkers(3);
        server.signal("TTOU");
        List<Long> two = server.awaitReadyWorkers(2);
        long retired = three.stream().filter(p -> !two.contains(p)).findFirst().orElseThrow();
        await("the retired worker exits").atMost(ServerProcess.DEADLINE).until(() -> !ServerProcess.alive(retired));
        server.signal("TTOU");
        server.awaitReadyWorkers(1);
        server.signal("TTOU");
        server.awaitLine("keeps its last worker");
        assertEquals(1, server.readyWorkerPids().size());
        assertEquals(200, Clients.get(config.httpPort(), "/").status());
    }

    @Test
    public void aDrainingWorkerExitsOnlyAfterItsLongRequestCompletes() throws Exception {
        start(1);
        long oldWorker = server.readyWorkerPids().get(0);
        Socket slow = Clients.connect(config.httpPort());
        CompletableFuture<Clients.HttpResponse> response = CompletableFuture.supplyAsync(() -> {
            try (slow) {
                // Long enough that a reload on a loaded machine is done before it (6 s was not), short of graceful_timeout.
                return Clients.get(slow, "/slow?ms=15000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the worker holds the slow request").atMost(ServerProcess.DEADLINE).ignoreExceptions()
                .until(() -> ShellClient.openConnections(config.runDir(), "1.0") >= 1);

        Cli.Result reload = Cli.run(config, "reload");
        assertEquals(reload.output(), 0, reload.exitCode());
        await("the old worker drains").atMost(ServerProcess.DEADLINE).until(() -> ControlClient.workers(config.runDir())
                .stream().anyMatch(w -> w.pid() == oldWorker && w.state().equals("DRAINING")));
        assertFalse("the slow request is still in progress", response.isDone());
        assertTrue("the draining worker is alive", ServerProcess.alive(oldWorker));

        Clients.HttpResponse r = response.get();
        assertEquals(200, r.status());
        assertEquals("slept 15000 ms\n", r.body());
        await("the old worker exits").atMost(ServerProcess.DEADLINE).until(() -> !ServerProcess.alive(oldWorker));
        assertThat(String.join("\n", server.output()), containsString("worker 1.0 (pid " + oldWorker + ") DRAINING -> EXITED"));
    }

    private String greet(String line) throws Exception {
        try (Socket s = Clients.connect(greetPort)) {
            send(s, line);
            return reader(s).readLine();
        }
    }

    private static void send(Socket s, String line) throws Exception {
        s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    /** A client thread sending HTTP requests, one connection each, and recording every failure. */
    static final class HttpLoad {
        final AtomicInteger ok = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private HttpLoad(int port) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        Clients.HttpResponse r = Clients.get(port, "/");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.add("status " + r.status());
                        }
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                }
            }, "http-load");
            thread.start();
        }

        static HttpLoad start(int port) {
            return new HttpLoad(port);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
