package org.fdtserver.example.coordinator;

import java.io.IOException;
import java.time.Duration;

/**
 * A worker thread's standing connection to one participant, made on first use and again after a
 * failure; not shared between threads.
 */
final class Link implements AutoCloseable {

    private final Participant participant;
    private final Duration timeout;
    private LedgerConnection connection;

    Link(Participant participant, Duration timeout) {
        this.participant = participant;
        this.timeout = timeout;
    }

    Participant participant() {
        return participant;
    }

    /**
     * @param request a request line
     * @return the answer
     * @throws IOException if the connection fails; the next call reconnects
     */
    Answer ask(String request) throws IOException {
        if (connection == null) {
            connection = new LedgerConnection(participant, timeout);
        }
        try {
            return connection.ask(request);
        } catch (IOException e) {
            connection = null; // closed by ask
            throw e;
        }
    }

    /**
     * Asks on a connection of its own, for phase two after the standing one failed: any worker of
     * the participant can resolve a prepared branch.
     *
     * @param request a request line
     * @return the answer
     * @throws IOException if it cannot connect or the connection fails
     */
    Answer askOnce(String request) throws IOException {
        try (LedgerConnection once = new LedgerConnection(participant, timeout)) {
            return once.ask(request);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
