package org.fdtserver.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.WorkerContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The shell over a real Unix socket with the real Gogo runtime, outside a framework. */
public class ShellSocketServerTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private CommandProcessorImpl processor;
    private ShellSocketServer server;
    private Path socket;
    private WorkerContext context;

    @Before
    public void start() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        socket = folder.getRoot().toPath().resolve("worker.sock");
        context = new WorkerContext("1.0", 1,
                List.of(new ListenerSpec("echo", "127.0.0.1", 7000, ListenerSpec.BIND_HERE)));
        processor.addCommand("fdt", new StatusCommand(context), "status");
        processor.addCommand("test", new TestCommands(), "shout");
        processor.addCommand("test", new TestCommands(), "boom");
        server = new ShellSocketServer(processor, settings(socket));
    }

    @After
    public void stop() {
        server.deactivate();
        processor.stop();
        threadIO.stop();
    }

    @Test
    public void theSocketIsForItsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    public void batchModeRunsEachLineAndPrintsResults() throws IOException {
        String output = converse("fdt-shell 1 batch\nfdt:status\nstatus\n");
        assertTrue(output, output.startsWith("worker      1.0\ngeneration  1\npid         "));
        assertTrue(output, output.contains("listener    echo 127.0.0.1:7000 UNKNOWN\nengine      not running\n"));
        assertEquals(output, 2, output.split("worker      1.0", -1).length - 1);
        assertFalse("no prompt in batch mode", output.contains("g! "));
    }

    @Test
    public void interactiveModePromptsAndCommandOutputComesFirst() throws IOException {
        String output = converse("fdt-shell 1 interactive\ntest:shout hello\n\n");
        assertEquals("g! printed hello\nHELLO\ng! g! \u00000\n", output);
    }

    @Test
    public void theSessionEndsWithANulAndItsStatusOneIfACommandFailed() throws IOException {
        String ok = converse("fdt-shell 1 batch\nshout a\nshout b\n");
        assertTrue(ok, ok.endsWith("B\n\u00000\n"));
        String failed = converse("fdt-shell 1 batch\nboom\nshout b\n");
        assertTrue(failed, failed.endsWith("B\n\u00001\n"));
    }

    @Test
    public void exitAndQuitLeaveTheSession() throws IOException {
        for (String leave : List.of("exit", "quit", "  exit ")) {
            String output = converse("fdt-shell 1 batch\nshout a\n" + leave + "\nshout b\n");
            assertEquals(leave, "printed a\nA\n\u00000\n", output);
        }
        assertEquals("g! A\ng! \u00000\n", converse("fdt-shell 1 interactive\nshout a\nquit\nshout b\n").replace("printed a\n", ""));
    }

    @Test
    public void failuresPrintAnErrorLineAndTheSessionGoesOn() throws IOException {
        String output = converse("fdt-shell 1 batch\nboom\nnosuchcommand\nshout ok\n");
        String[] lines = output.split("\n");
        assertEquals(output, "error: boom went the command", lines[0]);
        assertTrue(output, lines[1].startsWith("error: ") && lines[1].contains("nosuchcommand"));
        assertEquals(output, "OK", lines[3]);
    }

    @Test
    public void aWrongGreetingEndsTheSession() throws IOException {
        String output = converse("hello\nstatus\n");
        assertTrue(output, output.startsWith("error: expected"));
        assertTrue(output, output.endsWith("\n\u00001\n"));
    }

    @Test
    public void deactivateRemovesTheSocket() {
        server.deactivate();
        assertFalse(Files.exists(socket));
    }

    @Test
    public void deactivateCutsAnOpenSessionAndItsClientSeesTheEnd() throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            client.write(ByteBuffer.wrap("fdt-shell 1 interactive\n".getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (!received.toString(StandardCharsets.UTF_8).equals("g! ")) {
                assertTrue("the session ended before its prompt", client.read(buffer) >= 0);
                received.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            server.deactivate();
            assertEquals("the session is cut: no status line, the end of the stream", -1, client.read(buffer));
        }
        assertFalse(Files.exists(socket));
    }

    @Test
    public void aSocketThatCannotBeOpenedLeavesTheWorkerServingWithoutAShell() throws IOException {
        // A Unix socket path is limited to about 108 bytes: a run_dir nested this deep cannot hold one.
        Path tooLong = folder.getRoot().toPath().resolve("d".repeat(60)).resolve("e".repeat(60)).resolve("worker.sock");
        ShellSocketServer without = new ShellSocketServer(processor, settings(tooLong));
        assertEquals(null, without.path());
        assertFalse(Files.exists(tooLong));
        without.deactivate();
        assertTrue("the other worker's shell still answers", converse("fdt-shell 1 batch\nfdt:status\n").contains("1.0"));
    }

    private static ShellSettings settings(Path socket) {
        return new ShellSettings() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ShellSettings.class;
            }

            @Override
            public String socket() {
                return socket.toString();
            }
        };
    }

    /** Sends everything, closes the sending side, and reads until the server closes. */
    private String converse(String input) throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            client.write(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
            client.shutdownOutput();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (client.read(buffer) >= 0) {
                received.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Commands for the tests; public so Gogo can call them. */
    public static final class TestCommands {
        public String shout(String word) {
            System.out.println("printed " + word);
            return word.toUpperCase();
        }

        public void boom() {
            throw new IllegalStateException("boom went the command");
        }
    }
}
