package org.fdtserver.itests.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A config file for one server under test: free ports, private run/data/log directories, the
 * installation's bundles, and the JaCoCo agent in worker JVMs when coverage is on.
 */
public final class ServerConfig {

    private final Path dir;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final int echoPort = FreePorts.pick();
    private final int httpPort = FreePorts.pick();
    private int ledgerPort = -1;

    /** @param dir a fresh directory for this server's files */
    public ServerConfig(Path dir) {
        this.dir = dir;
        set("workers", "2");
        set("threads", "4");
        set("graceful_timeout", "20s");
        set("ready_timeout", "60s");
        set("listeners", "echo,http");
        set("listener.echo.address", "127.0.0.1:" + echoPort);
        set("listener.http.address", "127.0.0.1:" + httpPort);
        set("run_dir", dir.resolve("run").toString());
        set("data_dir", dir.resolve("data").toString());
        set("log_dir", dir.resolve("log").toString());
        set("bundles_dir", Installation.home().resolve("bundles").toString());
        // No database unless a test configures one (TransactionsIT does): no embedded PostgreSQL per server.
        set("database.url", "none");
        String jvm = "-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
        set("worker.jvm_options", Installation.jacocoAgent("workers.exec").map(a -> jvm + " " + a).orElse(jvm));
    }

    /**
     * @param key a config key
     * @param value its value, written as is
     * @return this
     */
    public ServerConfig set(String key, String value) {
        values.put(key, value);
        return this;
    }

    /**
     * Adds the ledger listener on a free port and points transactions at a database.
     *
     * @param databaseUrl the database's JDBC URL (user postgres, no password)
     * @return this
     */
    public ServerConfig withLedger(String databaseUrl) {
        ledgerPort = FreePorts.pick();
        set("listeners", "echo,http,ledger");
        set("listener.ledger.address", "127.0.0.1:" + ledgerPort);
        set("database.url", databaseUrl);
        set("database.user", "postgres");
        // The ledger tests run more concurrent branches than the default share of 4 threads (2) would
        // serve without waiting on each other's row locks: the ledger may use the whole pool, as before shares.
        set("listener.ledger.threads", "4");
        return this;
    }

    /** @return the ledger listener's port, once {@link #withLedger} was called */
    public int ledgerPort() {
        return ledgerPort;
    }

    /** @return the echo listener's port */
    public int echoPort() {
        return echoPort;
    }

    /** @return the http listener's port */
    public int httpPort() {
        return httpPort;
    }

    /** @return the server's directory */
    public Path dir() {
        return dir;
    }

    /** @return the run directory */
    public Path runDir() {
        return Path.of(values.get("run_dir"));
    }

    /**
     * Writes the file.
     *
     * @return its path
     * @throws IOException if it cannot be written
     */
    public Path write() throws IOException {
        StringBuilder text = new StringBuilder("# written by an fdtserver process test\n");
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Path file = dir.resolve("fdtserver.properties");
        Files.createDirectories(dir);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
