package org.fdtserver.launcher.generation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.fdtserver.launcher.config.ConfigException;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.listen.BoundListener;
import org.fdtserver.launcher.listen.ListenerSockets;
import org.fdtserver.launcher.supervisor.GenerationFactory;
import org.fdtserver.launcher.supervisor.GenerationPlan;
import org.fdtserver.runtime.logging.ProcessLogging;
import org.fdtserver.runtime.protocol.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes generations on the real file system: reads the configuration file the launcher started
 * with, binds the listeners it adds, snapshots the bundles directory and writes the worker spec.
 */
public final class GenerationBuilder implements GenerationFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationBuilder.class);

    private final LauncherConfig initial;
    private final Path home;
    private final ListenerSockets sockets;
    private final Optional<DatabaseSettings> database;
    private String logLevel;

    /**
     * @param initial the configuration the launcher started with; its file is re-read on reload
     * @param home the installation home
     * @param sockets the listening sockets, already bound for the initial configuration
     * @param database the database every generation's workers use, fixed for the launcher's life;
     *     empty when transactions are off
     */
    public GenerationBuilder(LauncherConfig initial, Path home, ListenerSockets sockets,
            Optional<DatabaseSettings> database) {
        this.initial = initial;
        this.home = home;
        this.sockets = sockets;
        this.database = database;
        this.logLevel = initial.logLevel();
    }

    /**
     * Makes a generation from a configuration already read (the first one, at start).
     *
     * @param config the configuration
     * @param number the generation number
     * @return the plan
     * @throws GenerationException if a listener cannot be bound or the files cannot be written
     */
    public GenerationPlan plan(LauncherConfig config, long number) throws GenerationException {
        if (!config.runDir().equals(initial.runDir())) {
            throw new GenerationException(config.file() + ": key 'run_dir': cannot change from " + initial.runDir()
                    + " to " + config.runDir() + " while the launcher runs (its pid file and control socket live there); restart to move it");
        }
        List<BoundListener> listeners;
        try {
            listeners = sockets.acquire(config.listeners());
        } catch (ListenerSockets.BindException e) {
            throw new GenerationException(e.getMessage());
        }
        try {
            Path spec = GenerationFiles.write(config, home, number, listeners, database);
            return new GenerationPlan(number, config, spec, listeners,
                    SnapshotBundles.names(spec.resolveSibling("bundles"), config.bundlesDir()));
        } catch (SnapshotBundles.Refused e) {
            discardFiles(config, number);
            throw new GenerationException(e.getMessage());
        } catch (IOException e) {
            throw new GenerationException("cannot write generation " + number + " under " + config.runDir() + ": " + e);
        }
    }

    @Override
    public GenerationPlan prepare(long number) throws GenerationException {
        LauncherConfig config;
        try {
            config = ConfigParser.load(initial.file(), home);
        } catch (ConfigException e) {
            throw new GenerationException("invalid configuration: " + e.getMessage());
        }
        GenerationPlan plan = plan(config, number);
        if (!config.logLevel().equals(logLevel)) {
            // The launcher's own log follows the newest configuration at once.
            LOG.info("log_level {} -> {}", logLevel, config.logLevel());
            logLevel = config.logLevel();
            ProcessLogging.configure("launcher", logLevel);
        }
        return plan;
    }

    @Override
    public void retainListeners(Collection<GenerationPlan> live) {
        List<List<BoundListener>> inUse = new ArrayList<>();
        live.forEach(p -> inUse.add(p.listeners()));
        sockets.retain(inUse);
    }

    @Override
    public void closeListeners() {
        sockets.close();
    }

    @Override
    public void discard(GenerationPlan plan) {
        discardFiles(plan.config(), plan.number());
    }

    private static void discardFiles(LauncherConfig config, long number) {
        try {
            GenerationFiles.deleteTree(GenerationFiles.directory(config, number));
        } catch (IOException e) {
            LOG.warn("cannot remove the files of generation {}: {}", number, e.toString());
        }
    }
}
