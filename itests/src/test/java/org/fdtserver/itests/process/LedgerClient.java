package org.fdtserver.itests.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One connection to the ledger example: a request line out, the answer (up to its OK/ERR line) back. */
public final class LedgerClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    /**
     * @param port the ledger port on 127.0.0.1
     * @throws IOException if it cannot connect
     */
    public LedgerClient(int port) throws IOException {
        socket = Clients.connect(port);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /**
     * @param line a request
     * @return the answer's lines, the last one starting with OK or ERR; null if the server closed
     * @throws IOException on a socket error
     */
    public String ask(String line) throws IOException {
        send(line);
        return answer();
    }

    /**
     * Sends a request without waiting for its answer.
     *
     * @param line a request
     * @throws IOException on a socket error
     */
    public void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * @return the next answer's lines, the last one starting with OK or ERR; null if the server closed
     * @throws IOException on a socket error
     */
    public String answer() throws IOException {
        StringBuilder answer = new StringBuilder();
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            answer.append(l);
            if (l.startsWith("OK") || l.startsWith("ERR")) {
                return answer.toString();
            }
            answer.append('\n');
        }
        return null;
    }

    /**
     * @return what the server sends next; null once it has closed the connection
     * @throws IOException on a socket error
     */
    public String readLine() throws IOException {
        return in.readLine();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
