package org.fdtserver.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.fdtserver.launcher.cli.Arguments;
import org.fdtserver.launcher.cli.ReloadCommand;
import org.fdtserver.launcher.cli.ShellCommand;
import org.fdtserver.launcher.cli.StatusCommand;
import org.fdtserver.launcher.cli.StopCommand;
import org.fdtserver.launcher.cli.TxCommand;
import org.fdtserver.launcher.cli.UsageException;
import org.fdtserver.launcher.config.ConfigException;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.DatabaseConfig;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.config.RunDirectory;

/**
 * The {@code fdtserver} command line.
 *
 * <ol>
 *   <li>Parse the arguments; a bad command line prints the usage and exits 2; {@code help} and
 *       {@code --version} print and exit 0.</li>
 *   <li>Find the installation home (system property {@code fdt.home}, set by bin/fdtserver).</li>
 *   <li>Read and validate the configuration. For {@code run} an invalid one is printed and exits
 *       2. The other commands only talk to a running launcher through its run directory: an
 *       invalid file is reported on stderr and they go on with the run directory it names.</li>
 *   <li>Run the command and exit with its code.</li>
 * </ol>
 */
public final class Main {

    /** System property naming the installation home. */
    public static final String HOME_PROPERTY = "fdt.home";

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * @param args the command line
     * @return the exit code
     */
    static int run(String[] args) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (UsageException e) {
            System.err.println("fdtserver: " + e.getMessage());
            System.err.println(Arguments.USAGE);
            return 2;
        }
        if (a.command().equals("help") || a.command().equals("version")) {
            System.out.println(a.command().equals("help") ? Arguments.USAGE : "fdtserver " + version());
            return 0;
        }
        Path home = Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
        Path file = a.config().orElse(home.resolve("config").resolve("fdtserver.properties"));
        if (a.command().equals("run")) {
            return run(file, home);
        }
        RunDirectory run;
        try {
            run = runDirectory(file, home);
        } catch (ConfigException e) {
            System.err.println("fdtserver: " + e.getMessage());
            return 2;
        }
        return switch (a.command()) {
            case "reload" -> ReloadCommand.run(run.controlSocket(), reloadWaitMillis(run.readyTimeout()));
            case "stop" -> StopCommand.run(run, a.now());
            case "status" -> StatusCommand.run(run);
            case "tx" -> TxCommand.run(run, a.operands());
            default -> ShellCommand.run(run, a.worker());
        };
    }

    private static int run(Path file, Path home) {
        LauncherConfig config;
        DatabaseConfig database;
        try {
            config = ConfigParser.load(file, home);
            database = DatabaseConfig.load(file);
        } catch (ConfigException e) {
            System.err.println("fdtserver: " + e.getMessage());
            return 2;
        }
        return new Launcher(config, home, database).run();
    }

    /**
     * The run directory of a valid file; of an invalid one too, said on stderr, so that an
     * operator who mistyped a key can still reach, stop or reload the launcher that runs (a
     * reload then reports the rejected file from the launcher's side).
     */
    private static RunDirectory runDirectory(Path file, Path home) throws ConfigException {
        try {
            LauncherConfig config = ConfigParser.load(file, home);
            DatabaseConfig.load(file);
            return RunDirectory.of(config);
        } catch (ConfigException e) {
            RunDirectory run = ConfigParser.runDirectoryOf(file, home);
            System.err.println("fdtserver: warning: the configuration file on disk is invalid: " + e.getMessage());
            System.err.println("fdtserver: warning: a running launcher keeps the configuration it loaded; using its run directory " + run.dir());
            return run;
        }
    }

    /** Long enough for a reload queued behind a starting generation: two ready timeouts and a margin. */
    private static long reloadWaitMillis(Duration readyTimeout) {
        return 2 * readyTimeout.toMillis() + 30_000;
    }

    /** @return the version in the launcher jar's manifest (Maven's project version) */
    private static String version() {
        return Objects.requireNonNullElse(Main.class.getPackage().getImplementationVersion(), "(unknown: not run from its jar)");
    }
}
