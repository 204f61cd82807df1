package org.fdtserver.launcher.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed command line: {@code fdtserver <command> [--config FILE] [--worker N] [--now]}.
 *
 * @param command run, stop, reload, status or shell
 * @param config the configuration file, if given
 * @param worker the shell's worker index among the READY ones
 * @param now for stop: halt at once instead of draining
 */
public record Arguments(String command, Optional<Path> config, int worker, boolean now) {

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: fdtserver run    [--config FILE]          run in the foreground, logs on stdout",
            "       fdtserver stop   [--config FILE] [--now]  graceful stop (--now: halt workers at once)",
            "       fdtserver reload [--config FILE]          HUP: start a new generation; exit 0 once it serves",
            "       fdtserver status [--config FILE]          the launcher, its generations and workers, the last reload",
            "       fdtserver shell  [--config FILE] [--worker N]  Gogo shell of the N-th ready worker (default 0)",
            "       fdtserver tx     list | commit ID | rollback ID [--config FILE]  in-doubt transactions",
            "FILE defaults to <home>/config/fdtserver.properties.");

    private static final Set<String> COMMANDS = Set.of("run", "stop", "reload", "status", "shell");

    /**
     * @param args the arguments after the program name
     * @return the parsed arguments
     * @throws UsageException for an unknown command, flag or value
     */
    public static Arguments parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String command = args[0];
        if (!COMMANDS.contains(command)) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Path config = null;
        int worker = 0;
        boolean now = false;
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--config")) {
                config = Path.of(value(args, ++i, flag));
            } else if (flag.equals("--worker") && command.equals("shell")) {
                worker = index(value(args, ++i, flag));
            } else if (flag.equals("--now") && command.equals("stop")) {
                now = true;
            } else {
                throw new UsageException("unknown option '" + flag + "' for '" + command + "'");
            }
        }
        return new Arguments(command, Optional.ofNullable(config), worker, now);
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static int index(String v) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--worker expects a whole number >= 0, got '" + v + "'");
    }
}
