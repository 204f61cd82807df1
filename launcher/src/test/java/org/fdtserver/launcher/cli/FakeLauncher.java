package org.fdtserver.launcher.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.fdtserver.runtime.protocol.LineChannel;

/**
 * A launcher's control socket for the command-line tests: answers each request line with the
 * lines the test gives for it, then hangs up, or keeps the connection open until it is closed.
 */
final class FakeLauncher implements AutoCloseable {

    private final ServerSocketChannel server;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final List<SocketChannel> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param socket where to listen
     * @param answer the lines to answer a request with
     */
    FakeLauncher(Path socket, Function<String, List<String>> answer) throws IOException {
        this(socket, answer, true);
    }

    /**
     * @param socket where to listen
     * @param answer the lines to answer a request with
     * @param hangUp whether to close the connection after the answer
     */
    FakeLauncher(Path socket, Function<String, List<String>> answer, boolean hangUp) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> serve(answer, hangUp), "fake-launcher");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Function<String, List<String>> answer, boolean hangUp) {
        try {
            while (true) {
                SocketChannel ch = server.accept();
                LineChannel io = new LineChannel(ch);
                String request = io.readLine();
                requests.add(request);
                for (String l : answer.apply(request)) {
                    io.writeLine(l);
                }
                if (hangUp) {
                    ch.close();
                } else {
                    open.add(ch);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** @return the next request line received, waiting up to 10 s */
    String request() throws InterruptedException {
        return requests.poll(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel ch : open) {
            ch.close();
        }
    }
}
