package org.fdtserver.launcher.control;

import org.fdtserver.runtime.protocol.LineChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.fdtserver.runtime.protocol.ControlMessage;

/** One peer of the control socket (a worker or the command line); the supervisor writes, a reader thread reads. */
public final class ControlConnection {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final SocketChannel channel;
    private final LineChannel lines;

    ControlConnection(SocketChannel channel) {
        this.channel = channel;
        this.lines = new LineChannel(channel);
    }

    /**
     * @param channel a connected channel in blocking mode
     * @return a connection over it (the server makes these; tests too)
     */
    public static ControlConnection over(SocketChannel channel) {
        return new ControlConnection(channel);
    }

    LineChannel lines() {
        return lines;
    }

    /**
     * Sends a message; a peer that is gone is not an error here, its reader reports the close.
     *
     * @param message the message
     * @return true if it was written
     */
    public boolean send(ControlMessage message) {
        return sendLine(message.format());
    }

    /**
     * Sends one raw line (answers to the command line).
     *
     * @param line the line without its newline
     * @return true if it was written
     */
    public synchronized boolean sendLine(String line) {
        try {
            lines.writeLine(line);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the connection; the reader thread then ends. */
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public String toString() {
        return "control connection #" + id;
    }
}
