package org.fdtserver.launcher.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.fdtserver.runtime.protocol.RunLayout;

/**
 * One session on a worker's shell socket. The client greets with
 * {@link RunLayout#SHELL_GREETING_INTERACTIVE} or {@link RunLayout#SHELL_GREETING_BATCH} and sends command lines; the worker answers with their output, and
 * when the session ends (the client's input ended, or {@code exit}/{@code quit}) with a NUL byte
 * and the session's status: {@code 0}, or {@code 1} if a command failed.
 */
final class ShellConnection {

    /** The status when the session ended without one: the worker went away. */
    static final int NO_STATUS = -1;

    private ShellConnection() {
    }

    /**
     * Sends {@code in} to the shell and copies its output to {@code out} until the session ends.
     *
     * @param socket the worker's shell socket
     * @param interactive whether to ask for prompts
     * @param in the command lines; read on a daemon thread, so a terminal never keeps us waiting
     * @param out where the output goes, flushed as it arrives
     * @return the session's status, or {@link #NO_STATUS}
     * @throws IOException if the socket cannot be reached
     */
    static int converse(Path socket, boolean interactive, InputStream in, OutputStream out) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            write(ch, ((interactive ? RunLayout.SHELL_GREETING_INTERACTIVE : RunLayout.SHELL_GREETING_BATCH) + "\n").getBytes(StandardCharsets.UTF_8), 0, -1);
            Thread input = new Thread(() -> copyInput(in, ch), "shell-stdin");
            input.setDaemon(true);
            input.start();
            return copyOutput(ch, out);
        }
    }

    private static void copyInput(InputStream in, SocketChannel ch) {
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                write(ch, buf, 0, n);
            }
            // End of input: the worker finishes what it was given, sends the status and closes.
            ch.shutdownOutput();
        } catch (IOException e) {
            // The session ended from the worker's side (exit, quit, or the worker stopped).
        }
    }

    /** Copies up to the NUL that starts the status; returns the status that follows it. */
    private static int copyOutput(SocketChannel ch, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        ByteArrayOutputStream status = null;
        try {
            while (ch.read(buf) >= 0) {
                int end = buf.position();
                int start = 0;
                if (status == null) {
                    int nul = indexOfNul(buf.array(), end);
                    out.write(buf.array(), 0, nul);
                    out.flush();
                    if (nul < end) {
                        status = new ByteArrayOutputStream();
                        start = nul + 1;
                    }
                }
                if (status != null) {
                    status.write(buf.array(), start, end - start);
                }
                buf.clear();
            }
        } catch (IOException e) {
            // A worker that closes with our unread input (after exit) resets the socket once its
            // output is read: the status already came.
            if (status == null) {
                throw e;
            }
        }
        return status == null ? NO_STATUS : status.toString(StandardCharsets.US_ASCII).trim().equals("0") ? 0 : 1;
    }

    private static int indexOfNul(byte[] bytes, int end) {
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return end;
    }

    private static void write(SocketChannel ch, byte[] bytes, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, off, len < 0 ? bytes.length : len);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
