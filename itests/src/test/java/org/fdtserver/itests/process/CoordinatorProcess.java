package org.fdtserver.itests.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The installation's ledger coordinator ({@code examples/ledger-coordinator.jar}) run as its own
 * JVM, as a user runs it: every output line is kept and handed to a listener as it arrives.
 */
final class CoordinatorProcess {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread drainer;

    private CoordinatorProcess(Process process, Consumer<String> listener) {
        this.process = process;
        this.drainer = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    listener.accept(line);
                }
            } catch (IOException e) {
                lines.add("(output ended: " + e + ")");
            }
        }, "coordinator-" + process.pid());
        drainer.setDaemon(true);
        drainer.start();
    }

    /** @return the coordinator jar in the installation under test */
    static Path jar() {
        return Installation.home().resolve("examples/ledger-coordinator.jar");
    }

    /**
     * @param listener called with each output line (stdout and stderr), on the draining thread
     * @param args the coordinator's arguments
     * @return the running coordinator
     */
    static CoordinatorProcess start(Consumer<String> listener, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        Installation.jacocoAgent("coordinator.exec").ifPresent(command::add);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return new CoordinatorProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), listener);
    }

    /**
     * Runs it to the end.
     *
     * @param args the coordinator's arguments
     * @return its exit status and output
     */
    static Finished run(String... args) throws Exception {
        return start(line -> { }, args).awaitExit();
    }

    /** An ended run. */
    record Finished(int code, List<String> lines) {
        String output() {
            return String.join("\n", lines);
        }
    }

    /** @return the exit status and every output line, once it has exited (within the deadline) */
    Finished awaitExit() throws InterruptedException {
        if (!process.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("coordinator still running after " + ServerProcess.DEADLINE + "; output:\n" + String.join("\n", lines));
        }
        drainer.join(ServerProcess.DEADLINE.toMillis());
        return new Finished(process.exitValue(), List.copyOf(lines));
    }
}
