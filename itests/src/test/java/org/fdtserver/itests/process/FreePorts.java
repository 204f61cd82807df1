package org.fdtserver.itests.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports below Linux's ephemeral range (32768–60999), where a load test's TIME_WAIT
 * sockets cannot be holding them.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** @return a port on 127.0.0.1 that could be bound just now */
    public static int pick() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in 20000-32000 after 200 tries");
    }
}
