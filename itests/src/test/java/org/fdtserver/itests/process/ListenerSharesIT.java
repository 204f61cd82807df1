package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One listener's load cannot starve the others, on a real server with one worker and http's default
 * shares: with {@code threads=6} and three listeners it may run at most 6 - max(3 - 1, 6 / 4) = 4 pool
 * threads at once, and with {@code max_connections=20} hold at most 20 - max(2, 20 / 4) = 15 connections.
 */
public class ListenerSharesIT {

    private static final int THREADS = 6;
    private static final int HTTP_THREAD_SHARE = 4;
    private static final int HTTP_CONNECTION_SHARE = 15;
    private static final Pattern WORKER_LOAD = Pattern.compile("READY connections (\\d+) busy (\\d+)/(\\d+)");

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        config = new ServerConfig(tmp.newFolder("server").toPath())
                .withLedger(TestDatabase.newDatabase("shares"))
                .set("workers", "1")
                .set("threads", Integer.toString(THREADS))
                .set("max_connections", "20")
                // /slow?ms=60000 requests are still asleep when the test ends: stop without waiting for them.
                .set("graceful_timeout", "1s");
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
    public void slowHttpWorkTakesOnlyItsShareOfThePoolSoTheLedgerStillAnswers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) { // as many as the whole pool: without shares, every thread
                Socket s = Clients.connect(config.httpPort());
                s.getOutputStream().write("GET /slow?ms=60000 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            await("the slow requests hold http's share of the pool").atMost(ServerProcess.DEADLINE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> load()[0] >= THREADS && load()[1] >= HTTP_THREAD_SHARE);

            try (LedgerClient ledger = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 500", ledger.ask("CREDIT shares 500"));
                assertEquals("OK 500", ledger.ask("BALANCE shares"));
            }
            assertEquals("still here", Clients.echo(config.echoPort(), "still here"));

            await("http holds exactly its share, the rest of its requests wait").atMost(ServerProcess.DEADLINE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> load()[1] == HTTP_THREAD_SHARE && load()[2] == THREADS);
            for (Socket s : slow) {
                assertEquals("every slow request is still in progress", 0, s.getInputStream().available());
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    public void httpConnectionsUpToItsShareLeaveRoomForTheOtherListeners() throws Exception {
        int before = load()[0];
        List<Socket> held = new ArrayList<>();
        try {
            int refused = 0;
            for (int i = 0; i < 20 && refused == 0; i++) {
                Socket s = Clients.connect(config.httpPort());
                held.add(s);
                refused += answersHello(s) ? 0 : 1;
            }
            assertEquals("an http connection over its share was refused", 1, refused);
            assertTrue("http got at most its share: " + held.size(), held.size() - 1 <= HTTP_CONNECTION_SHARE);

            assertEquals("still here", Clients.echo(config.echoPort(), "still here"));
            try (LedgerClient ledger = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 1", ledger.ask("CREDIT connections 1"));
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        await("the held connections closed").atMost(ServerProcess.DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> load()[0] <= before);
    }

    /** Sends a keep-alive GET / and reads its response; false if the server closed the connection instead. */
    private static boolean answersHello(Socket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        byte[] expected = "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
        try {
            for (byte b : expected) {
                if (in.read() != b) {
                    return false;
                }
            }
        } catch (SocketException reset) {
            return false;
        }
        // Read the rest of the response (its body ends with the newline of "Hello, world!").
        for (int b = in.read(); b != '!'; b = in.read()) {
            assertTrue("response cut short", b != -1);
        }
        assertEquals('\n', in.read());
        return true;
    }

    /** @return the worker's open connections, busy pool threads and pool size, as {@code fdtserver status} shows them */
    private static int[] load() throws IOException {
        for (String line : ControlClient.ask(config.runDir(), "status")) {
            Matcher m = WORKER_LOAD.matcher(line);
            if (m.find()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            }
        }
        throw new AssertionError("no READY worker in the status");
    }
}
