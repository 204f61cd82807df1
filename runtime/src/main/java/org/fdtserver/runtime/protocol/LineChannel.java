package org.fdtserver.runtime.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes newline-terminated UTF-8 lines on a blocking socket channel directly.
 * Not the {@code Channels} streams: on JDK 17 they share the channel's blocking lock, so a write
 * would wait for a blocked read to return.
 */
public final class LineChannel {

    /** Longest line accepted; a peer sending more is cut off. */
    private static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(8192);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** @param channel a connected channel in blocking mode */
    public LineChannel(SocketChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /**
     * @return the next line without its newline, or null at end of stream
     * @throws IOException if reading fails or a line is too long
     */
    public String readLine() throws IOException {
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    return s;
                }
                line.write(b);
                if (line.size() > MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE + " bytes");
                }
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                return line.size() > 0 ? lastLine() : null;
            }
        }
    }

    private String lastLine() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return s;
    }

    /**
     * @param text one line, without its newline
     * @throws IOException if writing fails
     */
    public void writeLine(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
