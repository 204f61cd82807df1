package org.fdtserver.itests.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one {@code fdtserver} command against a server under test, as an operator would. */
public final class Cli {

    /** What the command printed and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private Cli() {
    }

    /**
     * @param config the server's config (its file is passed with --config, as written last)
     * @param args the command and its options, e.g. {@code reload}
     * @return the exit code and output
     * @throws Exception if it does not finish within the deadline
     */
    public static Result run(ServerConfig config, String... args) throws Exception {
        return run(config.dir().resolve("fdtserver.properties"), args);
    }

    /**
     * @param file the config file to pass with --config
     * @param args the command and its options
     * @return the exit code and output (both streams)
     * @throws Exception if it does not finish within the deadline
     */
    public static Result run(Path file, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args));
        command.add("--config");
        command.add(file.toString());
        Process p = Installation.commandLine(command.toArray(new String[0])).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("fdtserver " + String.join(" ", args) + " still runs after " + ServerProcess.DEADLINE);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
