package org.fdtserver.launcher.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fdtserver.launcher.posix.FileDescriptors;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The launcher's Unix-domain control socket: one accept thread, one reader thread per connection. */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path path;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ControlListener listener;

    private ControlServer(Path path, ServerSocketChannel server, Selector selector, ControlListener listener) {
        this.path = path;
        this.server = server;
        this.selector = selector;
        this.listener = listener;
    }

    /**
     * Binds the socket (removing a stale file first), restricts it to the owner, and starts accepting.
     *
     * @param path the socket file
     * @param listener receives every line and every close
     * @return the running server
     * @throws IOException if it cannot be bound
     */
    public static ControlServer start(Path path, ControlListener listener) throws IOException {
        // The pid file check has already ruled out a live launcher owning this file.
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        Selector selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        ControlServer cs = new ControlServer(path, server, selector, listener);
        Thread t = new Thread(cs::acceptLoop, "control-accept");
        t.setDaemon(true);
        t.start();
        return cs;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                selector.select();
                selector.selectedKeys().clear();
                // Only a pending connection or close() ends select(); after close(), accept throws.
                SocketChannel ch = acceptCloseOnExec();
                ch.configureBlocking(true);
                ControlConnection conn = new ControlConnection(ch);
                Thread reader = new Thread(() -> readLoop(conn), "control-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException | ClosedSelectorException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket accept failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * A worker spawned between accept() and the close-on-exec flag would inherit the connection
     * and keep it open after the launcher closes it, so the peer (fdtserver status) would wait for
     * its end forever. The spawner marks and spawns under the same lock.
     */
    private SocketChannel acceptCloseOnExec() throws IOException {
        synchronized (FileDescriptors.SPAWN_LOCK) {
            SocketChannel ch = server.accept();
            FileDescriptors.markAllCloseOnExec();
            return ch;
        }
    }

    private void readLoop(ControlConnection conn) {
        try {
            String line;
            while ((line = conn.lines().readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    listener.received(conn, ControlMessage.parse(line));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: ignoring malformed line '{}': {}", conn, line, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.debug("{} failed: {}", conn, e.toString());
        } finally {
            conn.close();
            listener.closed(conn);
        }
    }

    /** Stops accepting and removes the socket file; open connections end with their peers. */
    @Override
    public void close() {
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.toString());
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.toString());
        }
    }
}
