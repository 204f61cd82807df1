package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real {@code fdtserver run} under test: drains its output into a log file and a list, offers
 * "await this line" and "await exit", and on close stops it and every worker it started.
 */
public final class ServerProcess implements AutoCloseable {

    /** Deadline for starting, stopping and most waits; generous for a loaded 2-core CI machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("fdt.test.deadline.seconds", 60));

    private final Process process;
    private final ServerConfig config;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Set<Long> workerPidsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ServerProcess(Process process, ServerConfig config, Path log) {
        this.process = process;
        this.config = config;
        Thread drainer = new Thread(() -> drain(log), "drain-" + process.pid());
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * Runs {@code fdtserver <args> --config <file>} with the config written out.
     *
     * @param config the server's config
     * @param args the command, e.g. {@code run}
     * @return the running process
     * @throws IOException if it cannot start
     */
    public static ServerProcess start(ServerConfig config, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(args));
        command.add("--config");
        command.add(config.write().toString());
        ProcessBuilder pb = Installation.commandLine(command.toArray(new String[0])).redirectErrorStream(true);
        Path log = config.dir().resolve("server.log");
        return new ServerProcess(pb.start(), config, log);
    }

    private void drain(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                out.println(line);
            }
        } catch (IOException e) {
            lines.add("(output ended: " + e + ")");
        }
    }

    /** @return the launcher's pid */
    public long pid() {
        return process.pid();
    }

    /** @return the config it runs with */
    public ServerConfig config() {
        return config;
    }

    /** @return every output line so far */
    public List<String> output() {
        return List.copyOf(lines);
    }

    /**
     * Waits for an output line containing {@code text}.
     *
     * @param text the text to look for
     * @return the first such line
     */
    public String awaitLine(String text) {
        await("output line containing '" + text + "'").atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> lines.stream().anyMatch(l -> l.contains(text)));
        return lines.stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
    }

    /**
     * Waits until the launcher lists {@code count} READY workers.
     *
     * @param count how many
     * @return their pids
     */
    public List<Long> awaitReadyWorkers(int count) throws IOException {
        try {
            await("" + count + " READY workers").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> readyWorkerPids().size() == count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; last output:\n" + tail(), e);
        }
        return readyWorkerPids();
    }

    /**
     * @return the pids of the workers the launcher lists as READY
     * @throws IOException if the launcher does not answer
     */
    public List<Long> readyWorkerPids() throws IOException {
        List<Long> pids = ControlClient.workers(config.runDir()).stream()
                .filter(w -> w.state().equals("READY"))
                .map(ControlClient.WorkerLine::pid)
                .collect(Collectors.toList());
        workerPidsSeen.addAll(pids);
        return pids;
    }

    /**
     * Sends a signal to the launcher.
     *
     * @param name the signal's name, e.g. TERM
     * @throws Exception if kill fails
     */
    public void signal(String name) throws Exception {
        kill(name, pid());
    }

    /**
     * Sends a signal to any process.
     *
     * @param name the signal's name
     * @param pid the process
     * @throws Exception if kill fails
     */
    public static void kill(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -s " + name + " " + pid + " failed");
        }
    }

    /**
     * @param pid a process id
     * @return whether it is alive
     */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Waits for the launcher to exit.
     *
     * @return its exit code
     * @throws InterruptedException if interrupted
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("launcher still running after " + DEADLINE + "; last output:\n" + tail());
        }
        return process.exitValue();
    }

    /** @return the last lines of output, for failure messages */
    public String tail() {
        List<String> all = output();
        return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (long pid : workerPidsSeen) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
