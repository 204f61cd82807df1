package org.fdtserver.example.coordinator;

import java.util.Objects;

/**
 * One fdtserver instance's ledger listener, as {@code host:port}.
 *
 * @param host the host name or address
 * @param port the TCP port
 */
record Participant(String host, int port) {

    /** Checks the parts. */
    Participant {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a host must be non-empty and without spaces, got '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port must be 1 to 65535, got " + port);
        }
    }

    /**
     * @param text {@code host:port}
     * @return the participant
     * @throws UsageException naming what is wrong
     */
    static Participant parse(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("expected a ledger address host:port, got '" + text + "'");
        }
        try {
            return new Participant(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new UsageException("expected a numeric port in '" + text + "'");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " in '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
