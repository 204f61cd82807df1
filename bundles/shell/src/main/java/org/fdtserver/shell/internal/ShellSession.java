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
import java.util.Set;
import java.util.function.Consumer;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.fdtserver.runtime.protocol.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator's connection to the shell socket: reads the greeting, then runs each line it
 * receives as a Gogo command and writes the output back, until the client closes its side.
 */
final class ShellSession implements Runnable, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSession.class);

    static final String GREETING_INTERACTIVE = RunLayout.SHELL_GREETING_INTERACTIVE;
    static final String GREETING_BATCH = RunLayout.SHELL_GREETING_BATCH;
    static final String PROMPT = "g! ";
    /** Starts the session's last line, its status; never part of a command's text output. */
    static final char END = '\0';
    /** The lines that end the session. */
    static final Set<String> LEAVE = Set.of("exit", "quit");

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

    /**
     * Speaks the session protocol over already opened streams: each line is a Gogo command, but
     * {@code exit} and {@code quit} end the session. It always ends with {@link #END} and the
     * session's status, {@code 0}, or {@code 1} if a command failed, so that a client (or a
     * script piping commands into {@code fdtserver shell}) can exit with it.
     */
    void converse(BufferedReader in, PrintStream out) throws IOException {
        String greeting = in.readLine();
        boolean interactive = GREETING_INTERACTIVE.equals(greeting);
        if (!interactive && !GREETING_BATCH.equals(greeting)) {
            out.println("error: expected '" + GREETING_INTERACTIVE + "' or '" + GREETING_BATCH + "'");
            end(out, false);
            return;
        }
        boolean allSucceeded = true;
        // Commands get no keyboard: the socket's input is this session's command stream.
        try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
            prompt(out, interactive);
            for (String line = in.readLine(); line != null && !LEAVE.contains(line.trim()); line = in.readLine()) {
                if (!line.isBlank()) {
                    allSucceeded &= execute(session, line, out);
                }
                prompt(out, interactive);
            }
        }
        end(out, allSucceeded);
    }

    private static void end(PrintStream out, boolean allSucceeded) {
        out.print(END);
        out.print(allSucceeded ? "0\n" : "1\n");
        out.flush();
    }

    /** @return whether the command succeeded (Gogo commands fail by throwing) */
    private static boolean execute(CommandSession session, String line, PrintStream out) {
        boolean succeeded = true;
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            out.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            succeeded = false;
        }
        // What the command printed through System.out went to this same stream; send it all now.
        out.flush();
        return succeeded;
    }

    private static void prompt(PrintStream out, boolean interactive) {
        if (interactive) {
            out.print(PROMPT);
        }
        out.flush();
    }
}
