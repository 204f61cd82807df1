package org.fdtserver.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlClient;

/** {@code fdtserver shell}: connects the terminal to a ready worker's Gogo shell socket. */
public final class ShellCommand {

    private ShellCommand() {
    }

    /**
     * @param config the configuration naming the run directory
     * @param index which READY worker of the newest serving generation
     * @return 0 when the session ends, 1 if there is no such worker or socket
     */
    public static int run(LauncherConfig config, int index) {
        String workerId;
        try {
            workerId = pickWorker(ControlClient.ask(config.controlSocket(), "workers"), index);
        } catch (IOException e) {
            System.err.println("fdtserver is not running (cannot connect to " + config.controlSocket() + ": " + e.getMessage() + ")");
            return 1;
        }
        if (workerId == null) {
            System.err.println("no READY worker with index " + index);
            return 1;
        }
        Path socket = config.runDir().resolve("shell-" + workerId + ".sock");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String mode = System.console() != null ? "interactive" : "batch";
            write(ch, ("fdt-shell 1 " + mode + "\n").getBytes(StandardCharsets.UTF_8), 0, -1);
            Thread input = new Thread(() -> copyStdin(ch), "shell-stdin");
            // Daemon: when the server ends the session, a read blocked on the terminal must not keep us alive.
            input.setDaemon(true);
            input.start();
            copyToStdout(ch);
            return 0;
        } catch (IOException e) {
            System.err.println("cannot use the shell of worker " + workerId + " at " + socket + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Picks the index-th READY worker of the newest generation that has READY workers.
     *
     * @param lines the {@code CLI workers} answer: {@code <id> <pid> <state> <generation>}
     * @param index which one
     * @return its id, or null
     */
    static String pickWorker(List<String> lines, int index) {
        long newest = -1;
        List<String[]> ready = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[2].equals("READY")) {
                ready.add(f);
                newest = Math.max(newest, Long.parseLong(f[3]));
            }
        }
        int seen = 0;
        for (String[] f : ready) {
            if (Long.parseLong(f[3]) == newest && seen++ == index) {
                return f[0];
            }
        }
        return null;
    }

    private static void copyStdin(SocketChannel ch) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = System.in;
            int n;
            while ((n = in.read(buf)) >= 0) {
                write(ch, buf, 0, n);
            }
            // End of input: the server finishes what it was given and closes.
            ch.shutdownOutput();
        } catch (IOException e) {
            // The session ended from the server's side.
        }
    }

    private static void copyToStdout(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) >= 0) {
            System.out.write(buf.array(), 0, buf.position());
            System.out.flush();
            buf.clear();
        }
    }

    private static void write(SocketChannel ch, byte[] bytes, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, off, len < 0 ? bytes.length : len);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
