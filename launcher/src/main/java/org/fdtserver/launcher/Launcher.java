package org.fdtserver.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import org.fdtserver.launcher.config.ConfigFileMode;
import org.fdtserver.launcher.config.DatabaseConfig;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlServer;
import org.fdtserver.launcher.database.TransactionSetup;
import org.fdtserver.launcher.generation.GenerationBuilder;
import org.fdtserver.launcher.listen.ListenerSockets;
import org.fdtserver.launcher.pidfile.PidFile;
import org.fdtserver.launcher.spawn.ClassDataCache;
import org.fdtserver.launcher.spawn.NativeWorkerProcesses;
import org.fdtserver.launcher.supervisor.Event;
import org.fdtserver.launcher.supervisor.Events;
import org.fdtserver.launcher.supervisor.GenerationFactory;
import org.fdtserver.launcher.supervisor.GenerationPlan;
import org.fdtserver.launcher.supervisor.SignalEvents;
import org.fdtserver.launcher.supervisor.Supervisor;
import org.fdtserver.runtime.logging.ProcessLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fdtserver run}: the launcher in the foreground.
 *
 * <ol>
 *   <li>Log to standard output at the configured level.</li>
 *   <li>Create the run (mode 0700), log and data directories.</li>
 *   <li>Refuse to start if the pid file names a live process; write the pid file.</li>
 *   <li>Warn if the config file holds a database password that others can read.</li>
 *   <li>Start the embedded PostgreSQL if no database is configured, and check the database; the
 *       database settings hold for the launcher's life (a reload does not change them).</li>
 *   <li>Make generation 1: bind every listener (a failure names it and exits 1), snapshot the
 *       bundles and write the worker spec.</li>
 *   <li>Install the signal handlers and open the control socket.</li>
 *   <li>Run the supervisor until every worker has exited after a stop; it makes the later
 *       generations on HUP, and restarts the embedded PostgreSQL when it dies.</li>
 *   <li>Close listeners and control socket, remove the pid file.</li>
 * </ol>
 */
public final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final LauncherConfig config;
    private final Path home;
    private final DatabaseConfig database;

    /**
     * @param config the validated configuration
     * @param home the installation home
     * @param database the validated database block
     */
    public Launcher(LauncherConfig config, Path home, DatabaseConfig database) {
        this.config = config;
        this.home = home;
        this.database = database;
    }

    /** @return the launcher's exit code */
    public int run() {
        ProcessLogging.configure("launcher", config.logLevel());
        LOG.info("fdtserver launcher starting: home {}, config {}", home, config.file());
        PidFile pidFile = new PidFile(config.pidFile());
        try {
            createDirectories();
            OptionalLong other = pidFile.livePid();
            if (other.isPresent()) {
                LOG.error("another launcher (pid {}) runs with {}; not starting", other.getAsLong(), pidFile.path());
                return 1;
            }
            pidFile.write();
        } catch (IOException e) {
            LOG.error("cannot prepare {}: {}", config.runDir(), e.toString());
            return 1;
        }
        ConfigFileMode.warnIfPasswordExposed(config.file(), database.password());
        try (TransactionSetup transactions = TransactionSetup.start(database, config.dataDir())) {
            return serve(transactions);
        } catch (TransactionSetup.SetupException e) {
            LOG.error("not starting: {}", e.getMessage());
            return 1;
        } finally {
            pidFile.remove();
        }
    }

    private int serve(TransactionSetup transactions) {
        try (ListenerSockets listeners = new ListenerSockets()) {
            GenerationBuilder builder = new GenerationBuilder(config, home, listeners, transactions.database());
            GenerationPlan first;
            try {
                first = builder.plan(config, 1);
            } catch (GenerationFactory.GenerationException e) {
                LOG.error(e.getMessage());
                return 1;
            }
            Events events = new Events();
            SignalEvents.install(events);
            try (ControlServer control = ControlServer.start(config.controlSocket(), events)) {
                Supervisor supervisor = new Supervisor(config, new NativeWorkerProcesses(home, new ClassDataCache(config.classCacheDir(), home)), events, builder,
                        () -> System.nanoTime() / 1_000_000);
                transactions.embedded().ifPresent(db -> {
                    db.onDeath((pid, status) -> events.post(new Event.DatabaseDied(pid, status.toString())));
                    supervisor.superviseDatabase(db);
                });
                supervisor.startGeneration(first);
                return supervisor.run();
            }
        } catch (IOException e) {
            LOG.error("cannot start: {}", e.toString());
            return 1;
        }
    }

    private void createDirectories() throws IOException {
        Path run = config.runDir();
        if (!Files.isDirectory(run)) {
            Files.createDirectories(run);
        }
        // The control socket accepts commands: keep the directory the owner's alone.
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(config.logDir());
        Path cache = Files.createDirectories(config.dataDir().resolve("cache"));
        // The workers' bundle caches hold Config Admin's files, the database password among them.
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
    }
}
