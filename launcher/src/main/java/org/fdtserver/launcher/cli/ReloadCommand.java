package org.fdtserver.launcher.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnr.constants.platform.Signal;
import org.fdtserver.launcher.posix.NativePosix;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.fdtserver.runtime.protocol.LineChannel;

/**
 * {@code fdtserver reload}: asks the launcher, on its control socket, to report the outcome of
 * the next reload, sends it HUP, and waits for that outcome.
 */
public final class ReloadCommand {

    private ReloadCommand() {
    }

    /**
     * @param controlSocket the launcher's control socket
     * @param waitMillis how long to wait for the outcome
     * @return 0 when the new generation serves, 1 when it was aborted or no answer came
     */
    public static int run(Path controlSocket, long waitMillis) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(controlSocket));
            LineChannel io = new LineChannel(ch);
            io.writeLine(new ControlMessage(ControlMessage.Verb.CLI, "await-reload").format());
            // The launcher registers us before it answers, so the HUP below cannot overtake us.
            String waiting = io.readLine();
            if (waiting == null || !waiting.startsWith("WAITING ")) {
                System.out.println("fdtserver reload: the launcher refused: " + waiting);
                return 1;
            }
            long pid = Long.parseLong(waiting.split(" ")[1]);
            if (NativePosix.get().kill((int) pid, Signal.SIGHUP.intValue()) != 0) {
                System.out.println("fdtserver reload: cannot send HUP to launcher pid " + pid);
                return 1;
            }
            System.out.println("sent HUP to launcher pid " + pid + "; waiting for the new generation");
            String outcome;
            try {
                outcome = readWithin(io, waitMillis);
            } catch (IOException e) {
                // Connected and signalled: the reload may well go on, only its outcome is unknown here.
                System.out.println("fdtserver reload: lost the launcher's answer (" + e.getMessage() + "); see `fdtserver status`");
                return 1;
            }
            return report(outcome);
        } catch (IOException e) {
            System.out.println("fdtserver is not running (cannot connect to " + controlSocket + ": " + e.getMessage() + ")");
            return 1;
        } catch (TimeoutException e) {
            System.out.println("fdtserver reload: no outcome after " + waitMillis + " ms; see `fdtserver status`");
            return 1;
        }
    }

    /**
     * @param outcome the launcher's answer: {@code SERVING <g> <detail>} or {@code ABORTED <g> <reason>}
     * @return the exit code
     */
    static int report(String outcome) {
        if (outcome == null) {
            System.out.println("fdtserver reload: the launcher closed the connection without an outcome (stopping?)");
            return 1;
        }
        String[] f = outcome.split(" ", 3);
        String detail = f.length > 2 ? f[2] : "";
        if (f[0].equals("SERVING") && f.length > 1) {
            System.out.println("reloaded: generation " + f[1] + " serves (" + detail + ")");
            return 0;
        }
        if (f[0].equals("ABORTED") && f.length > 1) {
            System.out.println("reload failed: generation " + f[1] + " aborted: " + detail);
            System.out.println("the generation that served before serves on");
            return 1;
        }
        System.out.println("fdtserver reload: " + outcome);
        return 1;
    }

    private static String readWithin(LineChannel io, long waitMillis) throws IOException, TimeoutException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return io.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return line.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}
