package org.fdtserver.example.coordinator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for one fdtserver ledger listener on 127.0.0.1, speaking the ledger's line protocol
 * (see the ledger example's LedgerHandler): by default a ledger that agrees to everything; a test
 * overrides the answer per verb. An answer of {@link #CLOSE} closes the connection without an
 * answer, as a crashed worker would. Every request is recorded, with the number of the connection
 * it came on, before it is answered.
 */
final class FakeLedger implements AutoCloseable {

    /** Answer that closes the connection instead of answering. */
    static final String CLOSE = "<close>";

    private final ServerSocket server;
    private final Map<String, Function<String, String>> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    FakeLedger() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fake-ledger-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return its address, as the coordinator takes it */
    Participant participant() {
        return new Participant("127.0.0.1", server.getLocalPort());
    }

    /** @return {@code host:port} */
    String address() {
        return participant().toString();
    }

    /**
     * @param verb a request's first word
     * @param answer from the request line to the answer (lines joined by newlines), or {@link #CLOSE}
     * @return this
     */
    FakeLedger on(String verb, Function<String, String> answer) {
        answers.put(verb, answer);
        return this;
    }

    /** @return every request so far, as {@code <connection number> <request>} */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** @return the verbs of every request so far, in order */
    List<String> verbs() {
        return requests().stream().map(r -> r.split(" ")[1]).toList();
    }

    private void accept() {
        while (true) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            int n = connections.incrementAndGet();
            Thread t = new Thread(() -> serve(s, n), "fake-ledger-connection-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, int n) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (requests) {
                    requests.add(n + " " + line);
                }
                String verb = line.split(" ")[0];
                String answer = answers.getOrDefault(verb, FakeLedger::agree).apply(line);
                if (answer.equals(CLOSE)) {
                    return;
                }
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the coordinator went away
        }
    }

    /** What a healthy ledger answers. */
    static String agree(String request) {
        String[] w = request.split(" ");
        return switch (w[0]) {
            case "BEGIN" -> "OK BEGIN " + w[1];
            case "DEBIT", "CREDIT" -> "OK 1000";
            case "PREPARE" -> "OK PREPARED";
            case "COMMIT" -> "OK COMMITTED";
            case "ROLLBACK" -> "OK ROLLED-BACK";
            case "COMMIT-PREPARED" -> "OK COMMITTED " + w[1];
            case "ROLLBACK-PREPARED" -> "OK ROLLED-BACK " + w[1];
            case "RECOVER" -> "OK 0";
            default -> "ERR unknown verb '" + w[0] + "'";
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
