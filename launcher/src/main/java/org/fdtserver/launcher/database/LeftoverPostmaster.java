package org.fdtserver.launcher.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code postmaster.pid} found before the embedded PostgreSQL starts. A launcher killed with
 * SIGKILL leaves its postmaster running (nobody stops it); PostgreSQL would then refuse to start
 * on that data directory. So: if the pid it names is a {@code postgres} process whose working
 * directory is this data directory (the postmaster changes into it), that server is stopped; any
 * other pid file (the process is gone, or the pid now belongs to someone else) is stale and
 * removed. PostgreSQL's own shared-memory check still guards against backends of a killed
 * postmaster that may linger.
 */
final class LeftoverPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmaster.class);

    private LeftoverPostmaster() {
    }

    /**
     * @param data PostgreSQL's data directory
     * @param fast how long the leftover server's fast shutdown may take before it is escalated
     * @throws IOException if the pid file cannot be read or removed
     */
    static void stopIfRunning(Path data, Duration fast) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readString(pidFile).lines().findFirst().orElse("").trim();
        Optional<ProcessHandle> owner = pid(first).flatMap(ProcessHandle::of).filter(p -> isPostmasterOf(p, data));
        if (owner.isPresent()) {
            LOG.warn("a PostgreSQL (pid {}) left running by an earlier launcher serves {}: stopping it (fast shutdown)",
                    first, data);
            ProcessStopper.stop(owner.get(), fast, Duration.ofSeconds(5));
            LOG.info("the PostgreSQL left running (pid {}) has stopped", first);
        } else {
            LOG.info("removing stale {}: pid {} is not a PostgreSQL of this data directory", pidFile, first);
            Files.deleteIfExists(pidFile);
        }
    }

    private static Optional<Long> pid(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Its executable is {@code postgres} and its working directory is {@code data}. */
    static boolean isPostmasterOf(ProcessHandle p, Path data) {
        try {
            return Files.isSameFile(Path.of("/proc", Long.toString(p.pid()), "cwd"), data)
                    && p.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
        } catch (IOException e) {
            return false; // gone meanwhile, or another user's process
        }
    }
}
