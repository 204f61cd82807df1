package org.fdtserver.launcher.control;

import org.fdtserver.runtime.protocol.ControlMessage;

/** Receives what the control socket's reader threads read; implementations only enqueue. */
public interface ControlListener {

    /**
     * A well-formed line arrived.
     *
     * @param from the connection
     * @param message the parsed message
     */
    void received(ControlConnection from, ControlMessage message);

    /**
     * The peer closed its end, or the connection failed.
     *
     * @param connection the connection
     */
    void closed(ControlConnection connection);
}
