package org.fdtserver.itests.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network fault between a ledger client and a ledger listener: it relays request lines and
 * their answers, and on some connections (chosen by a seeded random plan per connection) cuts
 * both sides at one request: either before passing the request on (the server never sees it)
 * or after the server has answered (the client never learns the answer). Requests are counted
 * from the second of each connection, so a one-request connection (a coordinator resolving a
 * branch by id) goes through. {@link #heal} stops the cutting.
 */
final class FaultyLedgerProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final long seed;
    private final double cutChance;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean healed;

    /**
     * @param target the ledger port on 127.0.0.1
     * @param seed the seed of every connection's plan
     * @param cutChance the chance that a connection is cut at some request
     */
    FaultyLedgerProxy(int target, long seed, double cutChance) throws IOException {
        this.target = target;
        this.seed = seed;
        this.cutChance = cutChance;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.pick()));
        Thread acceptor = new Thread(this::accept, "proxy-" + target);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return how many connections were cut so far */
    int cuts() {
        return cuts.get();
    }

    /** From now on, relay faithfully. */
    void heal() {
        healed = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int n = connections.incrementAndGet();
                SplittableRandom plan = new SplittableRandom(seed * 31 + n);
                int cutAt = plan.nextDouble() < cutChance ? 2 + plan.nextInt(8) : -1;
                boolean afterAnswer = plan.nextBoolean();
                Thread relay = new Thread(() -> relay(client, cutAt, afterAnswer), "proxy-" + target + "-" + n);
                relay.setDaemon(true);
                relay.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client, int cutAt, boolean afterAnswer) {
        try (client; Socket upstream = Clients.connect(target)) {
            client.setSoTimeout(0);
            upstream.setSoTimeout(0);
            BufferedReader fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            BufferedReader fromServer = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8));
            OutputStream toServer = upstream.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            for (int request = 1; ; request++) {
                String line = fromClient.readLine();
                if (line == null) {
                    return;
                }
                boolean cutHere = request == cutAt && !healed;
                if (cutHere && !afterAnswer) {
                    cuts.incrementAndGet();
                    return;
                }
                toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                StringBuilder answer = new StringBuilder();
                for (String l = fromServer.readLine(); ; l = fromServer.readLine()) {
                    if (l == null) {
                        return; // the server closed (a killed worker): so does the client's side
                    }
                    answer.append(l).append('\n');
                    if (l.startsWith("OK") || l.startsWith("ERR")) {
                        break;
                    }
                }
                if (cutHere) {
                    cuts.incrementAndGet();
                    return; // the server has acted on the request; its answer is lost
                }
                toClient.write(answer.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // either side went away: both are closed on the way out
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
