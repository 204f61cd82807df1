package org.fdtserver.example.coordinator;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to a ledger listener: a request line out, the answer back. Any socket error,
 * timeout or unexpected close is an {@link IOException}, after which the connection is closed:
 * the coordinator never reuses a connection whose state it does not know.
 */
final class LedgerConnection implements AutoCloseable {

    private final Participant participant;
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    /**
     * @param participant where to connect
     * @param timeout how long to wait for the connection and for each answer
     * @throws IOException if it cannot connect
     */
    LedgerConnection(Participant participant, Duration timeout) throws IOException {
        this.participant = participant;
        this.socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(participant.host(), participant.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + participant + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param request one request line, without the newline
     * @return the answer
     * @throws IOException if the connection fails or closes before the answer is complete
     */
    Answer ask(String request) throws IOException {
        try {
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> before = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("OK") || line.startsWith("ERR")) {
                    return new Answer(before, line);
                }
                before.add(line);
            }
            throw new EOFException("closed by " + participant + " before answering " + request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
