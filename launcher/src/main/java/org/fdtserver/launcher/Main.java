package org.fdtserver.launcher;

import java.nio.file.Path;
import java.time.Duration;
import org.fdtserver.launcher.cli.Arguments;
import org.fdtserver.launcher.cli.ReloadCommand;
import org.fdtserver.launcher.cli.RunCommand;
import org.fdtserver.launcher.cli.ShellCommand;
import org.fdtserver.launcher.cli.StatusCommand;
import org.fdtserver.launcher.cli.StopCommand;
import org.fdtserver.launcher.cli.TxCommand;
import org.fdtserver.launcher.cli.UsageException;
import org.fdtserver.launcher.config.ConfigException;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.DatabaseConfig;
import org.fdtserver.launcher.config.LauncherConfig;

/**
 * The {@code fdtserver} command line.
 *
 * <ol>
 *   <li>Parse the arguments; a bad command line prints the usage and exits 2.</li>
 *   <li>Find the installation home (system property {@code fdt.home}, set by bin/fdtserver).</li>
 *   <li>Read and validate the configuration; an invalid one is printed and exits 2.</li>
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
     * A reload with an invalid file still reaches the launcher, which refuses it, keeps serving,
     * and reports the rejected generation in {@code fdtserver status}.
     */
    private static int reloadInvalid(Path file, Path home) {
        try {
            Path runDir = ConfigParser.runDirOf(file, home);
            return ReloadCommand.run(runDir.resolve("control.sock"), reloadWaitMillis(Duration.ofSeconds(60)));
        } catch (ConfigException e) {
            System.err.println("fdtserver: " + e.getMessage());
            return 2;
        }
    }

    /** Long enough for a reload queued behind a starting generation: two ready timeouts and a margin. */
    private static long reloadWaitMillis(Duration readyTimeout) {
        return 2 * readyTimeout.toMillis() + 30_000;
    }

    /**
     * @param args the command line
     * @return the exit code
     */
    static int run(String[] args) {
        if (args.length > 0 && args[0].equals("tx")) {
            return TxCommand.run(args);
        }
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (UsageException e) {
            System.err.println("fdtserver: " + e.getMessage());
            System.err.println(Arguments.USAGE);
            return 2;
        }
        Path home = Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
        Path file = a.config().orElse(home.resolve("config").resolve("fdtserver.properties"));
        LauncherConfig config;
        DatabaseConfig database;
        try {
            config = ConfigParser.load(file, home);
            database = DatabaseConfig.load(file);
        } catch (ConfigException e) {
            System.err.println("fdtserver: " + e.getMessage());
            return a.command().equals("reload") ? reloadInvalid(file, home) : 2;
        }
        return switch (a.command()) {
            case "run" -> new RunCommand(config, home, database).run();
            case "reload" -> ReloadCommand.run(config.controlSocket(), reloadWaitMillis(config.readyTimeout()));
            case "stop" -> StopCommand.run(config, a.now());
            case "status" -> StatusCommand.run(config);
            default -> ShellCommand.run(config, a.worker());
        };
    }
}
