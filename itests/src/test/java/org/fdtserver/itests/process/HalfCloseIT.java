package org.fdtserver.itests.process;

import static org.junit.Assert.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A client that shuts down its sending side after its requests (what {@code nc -q1} does at the end
 * of its input) gets every answer, then the server's close: on the ledger (the pool), echo (the I/O
 * thread) and http (pipelined, both), on a real server.
 */
public class HalfCloseIT {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static ServerConfig config;
    private static ServerProcess server;

    @BeforeClass
    public static void startServer() throws Exception {
        config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger(TestDatabase.newDatabase("halfclose"));
        server = ServerProcess.start(config, "run");
        server.awaitReadyWorkers(2);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void theLedgerAnswersEveryRequestOfTheReadmeExample() throws Exception {
        assertEquals(List.of("OK 1000", "OK 1000"),
                lines(sendThenHalfClose(config.ledgerPort(), "CREDIT halfclosed 1000\nBALANCE halfclosed\n")));
    }

    @Test
    public void echoAnswersEveryLine() throws Exception {
        assertEquals(List.of("one", "two", "three"), lines(sendThenHalfClose(config.echoPort(), "one\ntwo\nthree\n")));
    }

    @Test
    public void httpAnswersEveryPipelinedRequestInOrder() throws Exception {
        String get = " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String answer = sendThenHalfClose(config.httpPort(), "GET /" + get + "GET /slow?ms=50" + get + "GET /json" + get);
        String[] responses = answer.split("(?=HTTP/1\\.1 )");
        assertEquals(answer, 3, responses.length);
        assertEquals(answer, "Hello, world!\n", body(responses[0]));
        assertEquals(answer, "slept 50 ms\n", body(responses[1]));
        assertEquals(answer, "{\"message\":\"Hello, world!\"}", body(responses[2]));
    }

    /** Sends the text, shuts down the sending side, and reads until the server closes. */
    private static String sendThenHalfClose(int port, String text) throws Exception {
        try (Socket s = Clients.connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
