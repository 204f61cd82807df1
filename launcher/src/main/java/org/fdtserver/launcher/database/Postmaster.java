package org.fdtserver.launcher.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fdtserver.launcher.posix.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the PostgreSQL server ({@code postgres -D data}) as a direct child of the launcher,
 * not daemonised, so that the launcher learns of its end at once. Its output goes to the
 * launcher's log. Its settings are on its command line, where they override postgresql.conf:
 * durable writes, TCP on 127.0.0.1 only, no Unix socket, SCRAM passwords, prepared transactions.
 */
final class Postmaster {

    private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);
    /** Prepared transactions the embedded server allows at once. */
    static final String MAX_PREPARED = "64";
    /** SQL states that mean "not accepting connections yet": connection refused, starting up. */
    private static final Set<String> NOT_YET = Set.of("08001", "57P03");
    private static final int LAST_LINES = 5;

    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();

    Postmaster(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pumpOutput, "postgres-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * The server's settings. fsync, synchronous_commit and full_page_writes are PostgreSQL's own
     * defaults; they are set here anyway so that no postgresql.conf can turn them off: a branch
     * answered PREPARED, or a commit, must survive a crash of the machine.
     *
     * @param port the TCP port on 127.0.0.1
     * @return setting names and values, in command-line order
     */
    static Map<String, String> settings(int port) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("port", Integer.toString(port));
        s.put("listen_addresses", "127.0.0.1");
        s.put("unix_socket_directories", "");
        s.put("password_encryption", "scram-sha-256");
        s.put("fsync", "on");
        s.put("synchronous_commit", "on");
        s.put("full_page_writes", "on");
        s.put("max_prepared_transactions", MAX_PREPARED);
        s.put("max_connections", "300");
        s.put("timezone", "UTC");
        s.put("log_line_prefix", "[%p] ");
        return s;
    }

    /**
     * Starts the server; it is not ready yet when this returns.
     *
     * @param binaries the binaries
     * @param data the data directory
     * @param port the TCP port on 127.0.0.1
     * @return the running server
     * @throws IOException if the process cannot be started
     */
    static Postmaster start(PostgresBinaries binaries, Path data, int port) throws IOException {
        List<String> args = new ArrayList<>(List.of("-D", data.toString()));
        settings(port).forEach((k, v) -> args.addAll(List.of("-c", k + "=" + v)));
        return new Postmaster(new ProcessBuilder(binaries.command("postgres", args)).redirectErrorStream(true).start());
    }

    /** @return its pid */
    long pid() {
        return process.pid();
    }

    /** @param action called once with how it ended, on a JDK thread, as soon as it has ended */
    void onExit(Consumer<ExitStatus> action) {
        process.onExit().thenAccept(p -> action.accept(ExitStatus.fromExitValue(p.exitValue())));
    }

    /** A connection attempt that fails with an SQLException until the server is ready. */
    interface Probe {
        /** @throws SQLException until the server accepts the connection */
        void connect() throws SQLException;
    }

    /**
     * Waits until the server accepts connections, for as long as it runs (crash recovery may
     * take a while).
     *
     * @param probe a connection attempt
     * @throws IOException if the server exits first, or refuses the connection for another reason
     *     than starting up (a wrong password, say)
     */
    void awaitReady(Probe probe) throws IOException {
        while (true) {
            try {
                probe.connect();
                return;
            } catch (SQLException e) {
                if (!process.isAlive()) {
                    outputEnded.completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
                    throw new IOException("PostgreSQL exited while starting ("
                            + ExitStatus.fromExitValue(process.exitValue()) + "): " + lastWords());
                }
                if (!NOT_YET.contains(e.getSQLState())) {
                    throw new IOException(e.getMessage() + " (SQL state " + e.getSQLState() + ")", e);
                }
            }
            ProcessStopper.exited(process.toHandle(), Duration.ofMillis(100));
        }
    }

    /** Fast shutdown, escalated to immediate shutdown and SIGKILL if it takes too long. */
    void stop() {
        ProcessStopper.stop(process.toHandle(), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    /** Not closed: the JDK closes the pipe once the process has ended and its output is read. */
    private void pumpOutput() {
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(this::log);
        outputEnded.complete(null);
    }

    private void log(String line) {
        LOG.info("postgres: {}", line);
        synchronized (lastLines) {
            lastLines.addLast(line);
            if (lastLines.size() > LAST_LINES) {
                lastLines.removeFirst();
            }
        }
    }

    private String lastWords() {
        synchronized (lastLines) {
            return String.join(" | ", lastLines);
        }
    }
}
