package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Signals and crashes, each against a server of its own: what clients and the operator see. */
public class LifecycleIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ServerConfig config;
    private ServerProcess server;

    @Before
    public void start() throws Exception {
        config = new ServerConfig(tmp.newFolder("server").toPath());
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(2);
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    @Test
    public void termLetsARequestInProgressFinishWhileNewConnectsAreRefused() throws Exception {
        Socket slow = Clients.connect(config.httpPort());
        CompletableFuture<Clients.HttpResponse> response = CompletableFuture.supplyAsync(() -> {
            try (slow) {
                return Clients.get(slow, "/slow?ms=5000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("a worker holds the slow request").atMost(ServerProcess.DEADLINE).ignoreExceptions()
                .until(() -> ShellClient.openConnections(config.runDir(), "1.0")
                        + ShellClient.openConnections(config.runDir(), "1.1") >= 1);

        server.signal("TERM");

        await("new connects refused").atMost(ServerProcess.DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> refused(config.httpPort()));
        assertFalse("the slow request is still in progress", response.isDone());
        Clients.HttpResponse r = response.get();
        assertEquals(200, r.status());
        assertEquals("slept 5000 ms\n", r.body());
        assertEquals(0, server.awaitExit());
    }

    @Test
    public void aKilledWorkerIsReplacedAndAShellSessionOnItEndsSayingSo() throws Exception {
        List<Long> before = server.readyWorkerPids();
        Process shell = Installation.commandLine("shell", "--config", config.dir().resolve("fdtserver.properties").toString())
                .redirectErrorStream(true).start();
        try (OutputStream in = shell.getOutputStream()) {
            // The session stays open (its input does not end): which worker does it talk to?
            in.write("fdt:status\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
            long killed = -1;
            while (killed < 0) {
                String line = out.readLine();
                assertNotNull("fdt:status printed its pid line", line);
                killed = line.startsWith("pid ") ? Long.parseLong(line.substring(4).trim()) : -1;
            }
            ServerProcess.kill("KILL", killed);
            String rest = out.lines().collect(Collectors.joining("\n"));
            assertTrue("the shell exits", shell.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertEquals(rest, 1, shell.exitValue());
            assertThat(rest, containsString("ended the session without its status"));

            long gone = killed;
            long survivor = before.stream().filter(p -> p != gone).findFirst().orElseThrow();
            await("a new worker replaces " + gone).atMost(ServerProcess.DEADLINE).ignoreExceptions()
                    .until(() -> {
                        List<Long> now = server.readyWorkerPids();
                        return now.size() == 2 && !now.contains(gone) && now.contains(survivor);
                    });
            assertEquals(200, Clients.get(config.httpPort(), "/").status());
            assertThat(String.join("\n", server.output()), containsString(Long.toString(gone)));
        }
    }

    @Test
    public void workersOfAKilledLauncherExitByThemselves() throws Exception {
        List<Long> workers = server.readyWorkerPids();
        server.signal("KILL");
        await("workers " + workers + " exit").atMost(ServerProcess.DEADLINE)
                .until(() -> workers.stream().noneMatch(ServerProcess::alive));
        assertThrows(ConnectException.class, () -> Clients.connect(config.httpPort()).close());
    }

    private static boolean refused(int port) {
        try (Socket s = Clients.connect(port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
