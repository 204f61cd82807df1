package org.fdtserver.shell.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the worker's Gogo shell on its Unix socket, readable and writable by the owner only. */
@Component(configurationPid = ShellSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ShellSettings.class)
public final class ShellSocketServer {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSocketServer.class);

    private final CommandProcessor processor;
    private final Path path;
    private final Set<ShellSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionCount = new AtomicInteger();
    private ServerSocketChannel server;

    /**
     * Opens the socket and starts accepting on a daemon thread.
     *
     * @param processor the Gogo command processor
     * @param settings the configuration, which names the socket's path
     */
    @Activate
    public ShellSocketServer(@Reference(name = "commandProcessor") CommandProcessor processor, ShellSettings settings) {
        this.processor = processor;
        this.path = Path.of(settings.socket());
        try {
            server = open(path);
        } catch (IOException e) {
            // The worker serves without a shell rather than not at all.
            LOG.error("cannot open the shell socket {}: {}", path, e.toString());
            return;
        }
        Thread acceptor = new Thread(this::acceptLoop, "fdt-shell-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("shell listening on {}", path);
    }

    /** @return the socket's path, or null when there is none */
    Path path() {
        return server == null ? null : path;
    }

    /** Closes the socket and every session, and removes the socket file. */
    @Deactivate
    void deactivate() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the shell socket: {}", e.toString());
        }
        sessions.forEach(ShellSession::close);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete the shell socket {}: {}", path, e.toString());
        }
    }

    private static ServerSocketChannel open(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.deleteIfExists(path); // left by a worker that died without cleaning up
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return; // deactivated
            } catch (IOException e) {
                LOG.warn("shell socket accept failed; the shell stops: {}", e.toString());
                return;
            }
            startSession(client);
        }
    }

    private void startSession(SocketChannel client) {
        ShellSession session = new ShellSession(client, processor, sessions::remove);
        sessions.add(session);
        Thread thread = new Thread(session, "fdt-shell-session-" + sessionCount.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }
}
