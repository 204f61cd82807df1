package org.fdtserver.shell.internal;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator's connection to the shell socket: reads the greeting, then runs each line it
 * receives as a Gogo command and writes the output back, until the client closes its side.
 */
final class ShellSession implements Runnable, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSession.class);

    static final String GREETING_INTERACTIVE = "fdt-shell 1 interactive";
    static final String GREETING_BATCH = "fdt-shell 1 batch";
    static final String PROMPT = "g! ";

    private final SocketChannel channel;
    private final CommandProcessor processor;
    private final Consumer<ShellSession> onEnd;

    ShellSession(SocketChannel channel, CommandProcessor processor, Consumer<ShellSession> onEnd) {
        this.channel = channel;
        this.processor = processor;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try (channel) {
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(ChannelStreams.input(channel), StandardCharsets.UTF_8));
            PrintStream out = new PrintStream(
                    new BufferedOutputStream(ChannelStreams.output(channel)), false, StandardCharsets.UTF_8);
            converse(in, out);
        } catch (IOException e) {
            // The operator's client went away or the shell is stopping.
            LOG.debug("shell session ended: {}", e.toString());
        } finally {
            onEnd.accept(this);
        }
    }

    /** Cuts the session, which ends {@link #run()}. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a shell session: {}", e.toString());
        }
    }

    /** Speaks the session protocol over already opened streams. */
    void converse(BufferedReader in, PrintStream out) throws IOException {
        String greeting = in.readLine();
        boolean interactive = GREETING_INTERACTIVE.equals(greeting);
        if (!interactive && !GREETING_BATCH.equals(greeting)) {
            out.println("error: expected '" + GREETING_INTERACTIVE + "' or '" + GREETING_BATCH + "'");
            out.flush();
            return;
        }
        // Commands get no keyboard: the socket's input is this session's command stream.
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
            prompt(out, interactive);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    execute(session, line, out);
                }
                prompt(out, interactive);
            }
        }
    }

    private static void execute(CommandSession session, String line, PrintStream out) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            out.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        // What the command printed through System.out went to this same stream; send it all now.
        out.flush();
    }

    private static void prompt(PrintStream out, boolean interactive) {
        if (interactive) {
            out.print(PROMPT);
        }
        out.flush();
    }
}
