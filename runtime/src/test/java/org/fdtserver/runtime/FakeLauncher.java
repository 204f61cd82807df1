package org.fdtserver.runtime;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.ControlMessage.Verb;
import org.fdtserver.runtime.protocol.LineChannel;

/**
 * The launcher's side of one worker's control connection: a real Unix socket the worker connects
 * to, which records every line the worker sends and sends what the test asks.
 */
final class FakeLauncher implements AutoCloseable {

    private final ServerSocketChannel server;
    private final List<ControlMessage> received = new CopyOnWriteArrayList<>();
    private volatile SocketChannel worker;
    private volatile LineChannel lines;

    FakeLauncher(Path socket) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread reader = new Thread(this::read, "fake-launcher");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            worker = server.accept();
            lines = new LineChannel(worker);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                received.add(ControlMessage.parse(line));
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** @return the verbs the worker sent so far, in order */
    List<Verb> verbs() {
        return received.stream().map(ControlMessage::verb).toList();
    }

    /** @return the first message with that verb, once the worker has sent it */
    ControlMessage await(Verb verb) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verbs().contains(verb));
        return received.stream().filter(m -> m.verb() == verb).findFirst().orElseThrow();
    }

    /** Sends a launcher message to the worker, once it has said HELLO. */
    void send(Verb verb) throws IOException {
        await(Verb.HELLO);
        lines.writeLine(ControlMessage.of(verb).format());
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (worker != null) {
            worker.close();
        }
    }
}
