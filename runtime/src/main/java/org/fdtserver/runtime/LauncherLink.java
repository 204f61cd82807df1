package org.fdtserver.runtime;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.LineChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's line connection to its launcher's control socket. */
final class LauncherLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherLink.class);

    /** What the launcher can ask of the worker. */
    interface Listener {
        /** The launcher asks the worker to drain and exit. */
        void drainRequested();

        /** The launcher asks the worker to exit now. */
        void haltRequested();

        /** The connection ended: the launcher is gone. */
        void launcherGone();
    }

    private final SocketChannel channel;
    private final LineChannel lines;

    private LauncherLink(SocketChannel channel) {
        this.channel = channel;
        this.lines = new LineChannel(channel);
    }

    /**
     * Connects to the launcher.
     *
     * @param socket the control socket's path
     * @return the link
     * @throws IOException if the launcher does not answer
     */
    static LauncherLink connect(Path socket) throws IOException {
        return new LauncherLink(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    /**
     * Sends one message; a launcher that has gone away is noticed by the reader, so a failed
     * send is only logged.
     *
     * @param message the message
     */
    synchronized void send(ControlMessage message) {
        try {
            lines.writeLine(message.format());
        } catch (IOException e) {
            LOG.debug("cannot send {} to the launcher: {}", message.verb(), e.toString());
        }
    }

    /**
     * Starts the daemon thread that reads the launcher's messages.
     *
     * @param listener told what the launcher asks, and when it is gone
     */
    void startReading(Listener listener) {
        Thread reader = new Thread(() -> read(listener), "fdt-launcher-link");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Listener listener) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                dispatch(line, listener);
            }
        } catch (IOException e) {
            LOG.debug("launcher link read failed: {}", e.toString());
        }
        listener.launcherGone();
    }

    private static void dispatch(String line, Listener listener) {
        ControlMessage message;
        try {
            message = ControlMessage.parse(line);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring launcher message: {}", e.getMessage());
            return;
        }
        switch (message.verb()) {
            case DRAIN:
                listener.drainRequested();
                break;
            case HALT:
                listener.haltRequested();
                break;
            default:
                LOG.warn("ignoring unexpected launcher message {}", message.verb());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
