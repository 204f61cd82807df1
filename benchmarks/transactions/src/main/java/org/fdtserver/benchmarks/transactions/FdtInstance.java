package org.fdtserver.benchmarks.transactions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One fdtserver instance of the installation, serving only the ledger on its own database. */
final class FdtInstance implements AutoCloseable {

    private final Process process;
    private final int port;

    private FdtInstance(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code fdtserver run} and waits until its ledger answers.
     *
     * @param install the installation
     * @param dir a fresh directory for its config, run, data and log
     * @param databaseUrl its database
     * @param workers worker processes
     * @param threads pool threads per worker
     * @param workerJvmOptions worker.jvm_options, or null for the installation's default
     */
    static FdtInstance start(Path install, Path dir, String databaseUrl, int workers, int threads, String workerJvmOptions)
            throws Exception {
        int port = freePort();
        Files.createDirectories(dir);
        String config = String.join("\n",
                "workers = " + workers,
                "threads = " + threads,
                "listeners = ledger",
                "listener.ledger.address = 127.0.0.1:" + port,
                "database.url = " + databaseUrl,
                "database.user = postgres",
                "database.pool_size = " + Math.max(8, threads * 2),
                "run_dir = " + dir.resolve("run"),
                "data_dir = " + dir.resolve("data"),
                "log_dir = " + dir.resolve("log"),
                "bundles_dir = " + install.resolve("bundles"),
                workerJvmOptions == null ? "" : "worker.jvm_options = " + workerJvmOptions,
                "");
        Path file = dir.resolve("fdtserver.properties");
        Files.writeString(file, config);
        Process p = new ProcessBuilder(install.resolve("bin/fdtserver").toString(), "run", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        FdtInstance instance = new FdtInstance(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!instance.answers()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                instance.close();
                throw new IllegalStateException("fdtserver did not serve the ledger on " + port + "; see " + dir.resolve("server.log"));
            }
            Thread.sleep(200); // polling a starting server; not part of any measurement
        }
        return instance;
    }

    int port() {
        return port;
    }

    /**
     * @param line a ledger request
     * @return its answer line
     */
    String ask(String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private boolean answers() {
        try {
            String a = ask("STATE");
            return a != null && a.startsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        for (int port = 20000 + (int) (ProcessHandle.current().pid() % 1000) * 10; port < 32000; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port below 32000");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // TERM: the launcher stops its workers
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
