package org.fdtserver.itests.process;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs Gogo commands on one worker through its shell socket, in batch mode. */
public final class ShellClient {

    private ShellClient() {
    }

    /**
     * @param runDir the server's run directory
     * @param workerId the worker's id, e.g. {@code 1.0}
     * @param commands command lines, one per line
     * @return everything the shell printed
     * @throws IOException if the worker's shell does not answer
     */
    public static String run(Path runDir, String workerId, String commands) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(runDir.resolve("shell-" + workerId + ".sock")))) {
            ch.write(ByteBuffer.wrap(("fdt-shell 1 batch\n" + commands + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * @param runDir the server's run directory
     * @param workerId the worker's id
     * @return the open connections {@code fdt:status} reports
     * @throws IOException if the worker's shell does not answer
     */
    public static int openConnections(Path runDir, String workerId) throws IOException {
        for (String line : run(runDir, workerId, "fdt:status").split("\n")) {
            if (line.startsWith("connections")) {
                return Integer.parseInt(line.substring("connections".length()).trim());
            }
        }
        throw new IOException("fdt:status printed no connections line");
    }
}
