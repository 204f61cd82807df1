package org.fdtserver.itests.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Asks a running launcher through its control socket, as {@code fdtserver status} does. */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * @param runDir the launcher's run directory
     * @param command a CLI command such as {@code workers}
     * @return the answer's lines
     * @throws IOException if the launcher does not answer
     */
    public static List<String> ask(Path runDir, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(runDir.resolve("control.sock")))) {
            ch.write(ByteBuffer.wrap(("CLI " + command + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    /** One line of {@code CLI workers}: {@code <id> <pid> <state> <generation>}. */
    public record WorkerLine(String id, long pid, String state, long generation) {
        static WorkerLine parse(String line) {
            String[] f = line.trim().split("\\s+");
            return new WorkerLine(f[0], Long.parseLong(f[1]), f[2], Long.parseLong(f[3]));
        }
    }

    /**
     * @param runDir the launcher's run directory
     * @return the launcher's workers
     * @throws IOException if the launcher does not answer
     */
    public static List<WorkerLine> workers(Path runDir) throws IOException {
        List<WorkerLine> workers = new ArrayList<>();
        for (String line : ask(runDir, "workers")) {
            if (!line.isBlank()) {
                workers.add(WorkerLine.parse(line));
            }
        }
        return workers;
    }
}
