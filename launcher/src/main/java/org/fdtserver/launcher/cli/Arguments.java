package org.fdtserver.launcher.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed command line: {@code fdtserver <command> [operands] [--config FILE] [--worker N] [--now]}.
 *
 * @param command run, stop, reload, status, shell, tx, help or version
 * @param config the configuration file, if given
 * @param worker the shell's worker index among the READY ones
 * @param now for stop: halt at once instead of draining
 * @param operands for tx: {@code list}, {@code commit ID} or {@code rollback ID}; empty otherwise
 */
public record Arguments(String command, Optional<Path> config, int worker, boolean now, List<String> operands) {

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: fdtserver run    [--config FILE]          run in the foreground, logs on stdout",
            "       fdtserver stop   [--config FILE] [--now]  graceful stop (--now: halt workers at once)",
            "       fdtserver reload [--config FILE]          HUP: start a new generation; exit 0 once it serves",
            "       fdtserver status [--config FILE]          the launcher, its generations and workers, the last reload",
            "       fdtserver shell  [--config FILE] [--worker N]  Gogo shell of the N-th ready worker (default 0)",
            "       fdtserver tx list          [--config FILE]  prepared (in-doubt) transaction branches",
            "       fdtserver tx commit ID     [--config FILE]  commit the branch(es) with this branch id or global id",
            "       fdtserver tx rollback ID   [--config FILE]  roll back the branch(es) with this branch id or global id",
            "       fdtserver help | --help    this text;  fdtserver --version  the version",
            "FILE defaults to <home>/config/fdtserver.properties. Exit codes: 0 done, 1 failed, 2 invalid config or usage.");

    private static final Set<String> COMMANDS = Set.of("run", "stop", "reload", "status", "shell", "tx");

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
        if (command.equals("help") || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            return new Arguments("help", Optional.empty(), 0, false, List.of());
        }
        if (command.equals("--version") && args.length == 1) {
            return new Arguments("version", Optional.empty(), 0, false, List.of());
        }
        if (!COMMANDS.contains(command)) {
            throw new UsageException("unknown command '" + command + "'");
        }
        List<String> operands = command.equals("tx") ? txOperands(args) : List.of();
        Path config = null;
        int worker = 0;
        boolean now = false;
        for (int i = 1 + operands.size(); i < args.length; i++) {
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
        return new Arguments(command, Optional.ofNullable(config), worker, now, operands);
    }

    private static List<String> txOperands(String[] args) throws UsageException {
        String sub = args.length > 1 ? args[1] : "";
        if (sub.equals("list")) {
            return List.of(sub);
        }
        if (!sub.equals("commit") && !sub.equals("rollback")) {
            throw new UsageException(sub.isEmpty() ? "tx needs list, commit ID or rollback ID" : "unknown tx command '" + sub + "'");
        }
        if (args.length < 3 || args[2].startsWith("--")) {
            throw new UsageException("tx " + sub + " needs the ID of a branch or a global transaction");
        }
        // The ID becomes a quoted Gogo argument: nothing in it may end the quote or start an expansion.
        if (!args[2].matches("[A-Za-z0-9._:+/=|-]+")) {
            throw new UsageException("ID may hold only letters, digits and . _ : + / = | -, got '" + args[2] + "'");
        }
        return List.of(sub, args[2]);
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
