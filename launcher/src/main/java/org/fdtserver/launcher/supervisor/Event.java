package org.fdtserver.launcher.supervisor;

import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.runtime.protocol.ControlMessage;

/** Something the supervisor loop must handle; produced by signal handlers and control-socket readers. */
public sealed interface Event {

    /**
     * A signal arrived.
     *
     * @param name the signal's name without SIG, e.g. TERM
     */
    record SignalReceived(String name) implements Event {
    }

    /**
     * A line arrived on the control socket.
     *
     * @param from the connection it came on
     * @param message the message
     */
    record MessageReceived(ControlConnection from, ControlMessage message) implements Event {
    }

    /**
     * A control connection closed.
     *
     * @param connection the connection
     */
    record Disconnected(ControlConnection connection) implements Event {
    }

    /**
     * The embedded PostgreSQL's server process ended while the launcher did not stop it.
     *
     * @param pid its pid
     * @param status how it ended, e.g. {@code signal SIGKILL}
     */
    record DatabaseDied(long pid, String status) implements Event {
    }
}
