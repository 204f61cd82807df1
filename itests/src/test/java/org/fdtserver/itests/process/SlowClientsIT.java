package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Slow clients on a real server with {@code frame_timeout=2s}: one that trickles a frame byte by
 * byte is closed, one that sends whole frames slowly is kept; refused connections are summed up in
 * one WARNING line instead of one line each.
 */
public class SlowClientsIT {

    /** The pause between a slow client's sends; the wait for nothing to arrive is the pacing. */
    private static final int PACE_MILLIS = 200;

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("workers", "1")
                .set("frame_timeout", "2s")
                // Two listeners share 4 connections: each may hold 4 - max(2 - 1, 4 / 4) = 3.
                .set("max_connections", "4");
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(1);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void aClientTricklingALineIsClosedAfterTheFrameTimeout() throws Exception {
        assertClosedWhileTrickling(config.echoPort(), "", "x");
        server.awaitLine("frame timeout");
    }

    @Test
    public void aClientTricklingHttpHeadersIsClosedAfterTheFrameTimeout() throws Exception {
        assertClosedWhileTrickling(config.httpPort(), "GET / HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: loris\r\n");
    }

    @Test
    public void aClientSendingWholeFramesSlowlyIsKept() throws Exception {
        try (Socket s = Clients.connect(config.echoPort())) {
            OutputStream out = s.getOutputStream();
            // Each frame takes two pauses, well within the frame timeout; the six of them take longer than it.
            for (int frame = 0; frame < 6; frame++) {
                for (String part : List.of("frame ", Integer.toString(frame), "\n")) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (!part.equals("\n")) {
                        assertNothingArrivesFor(s, PACE_MILLIS);
                    }
                }
                assertEquals("frame " + frame, readLine(s));
            }
        }
    }

    @Test
    public void refusedConnectionsAreSummedUpInsteadOfLoggedOneByOne() throws Exception {
        await("the other tests' connections closed").atMost(ServerProcess.DEADLINE)
                .until(() -> ControlClient.ask(config.runDir(), "status").stream().anyMatch(l -> l.contains(" connections 0 ")));
        List<Socket> held = new ArrayList<>();
        try {
            int admitted = 0;
            while (admitted < 10 && answersEcho(connectAndKeep(held))) {
                admitted++;
            }
            assertEquals("echo holds its share of the connections", 3, admitted);
            int more = 5;
            for (int i = 0; i < more; i++) {
                assertTrue("refused", !answersEcho(connectAndKeep(held)));
            }
            assertThat(server.awaitLine("(" + more + " more in the last 10 s)"), containsString(
                    "refusing connections on echo: the listener already holds its maximum of 3 connections on this worker"));
            long lines = server.output().stream().filter(l -> l.contains("refusing connection on echo")).count();
            assertEquals("one line for the first refusal, then the summary", 1, lines);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** Sends the start, then the text over and over one byte at a time, paced, until the server closes; fails if it never does. */
    private static void assertClosedWhileTrickling(int port, String start, String text) throws Exception {
        try (Socket s = Clients.connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + ServerProcess.DEADLINE.toNanos();
            s.setSoTimeout(PACE_MILLIS);
            for (int i = 0; System.nanoTime() < deadline; i = (i + 1) % text.length()) {
                try {
                    out.write(text.charAt(i));
                    out.flush();
                    if (s.getInputStream().read() == -1) {
                        return; // closed by the server
                    }
                    fail("the server answered a frame that never ended");
                } catch (SocketTimeoutException stillOpen) {
                    // nothing arrived within the pace: send the next byte
                } catch (SocketException reset) {
                    return; // closed by the server while we wrote
                }
            }
            fail("a client trickling bytes was still connected after " + ServerProcess.DEADLINE);
        }
    }

    private static void assertNothingArrivesFor(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            int b = s.getInputStream().read();
            fail(b == -1 ? "the server closed a connection whose frames all complete in time" : "unexpected byte " + b);
        } catch (SocketTimeoutException expected) {
            // nothing arrived, the connection is still open
        } finally {
            s.setSoTimeout(30_000);
        }
    }

    private static Socket connectAndKeep(List<Socket> held) throws IOException {
        Socket s = Clients.connect(config.echoPort());
        held.add(s);
        return s;
    }

    private static boolean answersEcho(Socket s) throws IOException {
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        try {
            return "ping".equals(readLine(s));
        } catch (SocketException reset) {
            return false;
        }
    }

    private static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                return null;
            }
            line.append((char) b);
        }
        return line.toString();
    }
}
