package org.fdtserver.launcher.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a short program to its end: {@code initdb}, a single-user {@code postgres}. */
final class Programs {

    private Programs() {
    }

    /**
     * @param command the command line
     * @param input what to write to its standard input, which is then closed
     * @return its output (standard output and error)
     * @throws IOException if it cannot run or exits with a code other than 0; the message holds its output
     */
    static String run(List<String> command, String input) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = p.onExit().join().exitValue();
        if (code != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed (exit code " + code + "): " + output);
        }
        return output;
    }
}
