package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One real server (launcher and two worker JVMs) shared by tests that leave it as they found
 * it: clients get answers, bad input costs only its own connection, the shell answers.
 */
public class ServingIT {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static ServerProcess server;
    private static ServerConfig config;
    private static List<Long> workers;

    @BeforeClass
    public static void startServer() throws Exception {
        config = new ServerConfig(tmp.newFolder("server").toPath()).set("max_frame_length", "1024");
        server = ServerProcess.start(config, "run");
        workers = server.awaitReadyWorkers(2);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void echoAnswersTheLine() throws Exception {
        assertEquals("hello fdtserver", Clients.echo(config.echoPort(), "hello fdtserver"));
    }

    @Test
    public void httpAnswersHelloAndJson() throws Exception {
        Clients.HttpResponse hello = Clients.get(config.httpPort(), "/");
        assertEquals(200, hello.status());
        assertEquals("Hello, world!\n", hello.body());
        Clients.HttpResponse json = Clients.get(config.httpPort(), "/json");
        assertEquals(200, json.status());
        assertThat(json.headers().toLowerCase(), containsString("content-type: application/json"));
        assertEquals("{\"message\":\"Hello, world!\"}", json.body());
        assertEquals(404, Clients.get(config.httpPort(), "/nothing-here").status());
    }

    @Test
    public void responsesComeFromBothWorkerProcesses() {
        Set<Long> seen = new HashSet<>();
        await("responses from both workers " + workers).atMost(ServerProcess.DEADLINE).until(() -> {
            seen.add(Long.parseLong(Clients.get(config.httpPort(), "/pid").body().trim()));
            return seen.containsAll(workers);
        });
        assertEquals(Set.copyOf(workers), seen);
    }

    @Test
    public void oversizedLineClosesOnlyItsOwnConnection() throws Exception {
        try (Socket good = Clients.connect(config.echoPort()); Socket bad = Clients.connect(config.echoPort())) {
            BufferedReader goodIn = reader(good);
            send(good, "before\n");
            assertEquals("before", goodIn.readLine());

            send(bad, "x".repeat(4096) + "\n");
            assertEquals("the server closes the oversized line's connection", -1, readOrEof(bad));

            send(good, "after\n");
            assertEquals("after", goodIn.readLine());
        }
        assertEquals(Set.copyOf(workers), Set.copyOf(server.readyWorkerPids()));
        server.awaitLine("exceeds the allowed maximum (1024)");
    }

    @Test
    public void malformedHttpRequestClosesOnlyItsOwnConnection() throws Exception {
        try (Socket good = Clients.connect(config.echoPort()); Socket bad = Clients.connect(config.httpPort())) {
            send(bad, "\u0001\u0002 garbage that is no request line\r\n\r\n");
            String answer = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat("400 then close", answer, containsString(" 400 Bad Request\r\n"));
            send(good, "still here\n");
            assertEquals("still here", reader(good).readLine());
        }
        assertEquals(200, Clients.get(config.httpPort(), "/").status());
        assertEquals(Set.copyOf(workers), Set.copyOf(server.readyWorkerPids()));
    }

    @Test
    public void anHttpVersionOtherThan1Gets505() throws Exception {
        try (Socket s = Clients.connect(config.httpPort())) {
            send(s, "GET / HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer, startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
        }
    }

    @Test
    public void shellAnswersLbAndStatus() throws Exception {
        Process shell = Installation.commandLine("shell", "--worker", "1", "--config",
                config.dir().resolve("fdtserver.properties").toString())
                .redirectErrorStream(true).start();
        try (OutputStream in = shell.getOutputStream()) {
            in.write("lb\nfdt:status\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("shell exits", shell.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(out, 0, shell.exitValue());
        assertThat(out, containsString("fdtserver server engine"));
        assertThat(out, containsString("Active"));
        assertThat(out, containsString("echo 127.0.0.1:" + config.echoPort() + " ACCEPTING"));
        assertThat(out, containsString("generation  1"));
        assertThat(out, containsString("worker      1.1"));
    }

    /** {@code input | fdtserver shell}: what it printed (both streams) and how it exited. */
    private static Cli.Result shell(String input) throws Exception {
        Process shell = Installation.commandLine("shell", "--config", config.dir().resolve("fdtserver.properties").toString())
                .redirectErrorStream(true).start();
        try (OutputStream in = shell.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("shell exits", shell.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        return new Cli.Result(shell.exitValue(), out);
    }

    @Test
    public void theShellOffersNoTelnetdSoItCannotBePutOnATcpPort() throws Exception {
        int port = FreePorts.pick();
        for (String telnetd : List.of("telnetd", "gogo:telnetd")) {
            Cli.Result r = shell(telnetd + " --port=" + port + " start\n");
            assertEquals(r.output(), 1, r.exitCode());
            assertThat(r.output(), containsString("error: Command not found: " + telnetd));
            try (Socket s = new Socket("127.0.0.1", port)) {
                fail(telnetd + " put a shell on port " + port);
            } catch (ConnectException expected) {
                // nobody listens there
            }
        }
        // The rest of the Gogo shell bundle stays: its built-ins (grep here) and result formatting.
        Cli.Result standard = shell("lb | grep Gogo\nheaders 0\ninspect capability osgi.wiring.package 0\nscr:list\nfdt:status\n");
        assertEquals(standard.output(), 0, standard.exitCode());
        for (String expected : List.of("Apache Felix Gogo Shell", "Bundle-SymbolicName = org.apache.felix.framework",
                "osgi.wiring.package; org.osgi.framework", "org.fdtserver.shell.internal.StatusCommand", "worker      1.")) {
            assertThat(expected, standard.output(), containsString(expected));
        }
    }

    @Test
    public void aFailingCommandMakesThePipedShellExit1AndExitOrQuitEndsTheSession() throws Exception {
        Cli.Result failed = shell("lb\nnosuchcommand\n");
        assertEquals(failed.output(), 1, failed.exitCode());
        assertThat(failed.output(), containsString("Apache Felix Gogo Runtime"));
        assertThat(failed.output(), containsString("error: Command not found: nosuchcommand"));
        for (String leave : List.of("exit", "quit")) {
            Cli.Result left = shell("fdt:status\n" + leave + "\nnosuchcommand\n");
            assertEquals(left.output(), 0, left.exitCode());
            assertThat(left.output(), containsString("generation  1"));
            assertFalse(left.output(), left.output().contains("nosuchcommand"));
        }
    }

    @Test
    public void controlSocketIsPrivateToItsOwner() throws Exception {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.runDir().resolve("control.sock"))));
    }

    private static void send(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads until end of stream; a reset also counts as closed. */
    private static int readOrEof(Socket s) {
        try {
            int b;
            do {
                b = s.getInputStream().read();
            } while (b != -1);
            return -1;
        } catch (java.net.SocketException reset) {
            return -1;
        } catch (java.io.IOException e) {
            throw new AssertionError("no close: " + e, e);
        }
    }
}
