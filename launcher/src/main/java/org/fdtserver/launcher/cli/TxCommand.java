package org.fdtserver.launcher.cli;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.fdtserver.launcher.Main;
import org.fdtserver.launcher.config.ConfigException;
import org.fdtserver.launcher.config.ConfigParser;
import org.fdtserver.launcher.config.LauncherConfig;
import org.fdtserver.launcher.control.ControlClient;

/**
 * {@code fdtserver tx list | commit ID | rollback ID}: in-doubt transaction branches, through the
 * {@code fdt:indoubt}, {@code fdt:commit} and {@code fdt:rollback} shell commands of a READY
 * worker of the serving generation (any worker sees every branch of the database).
 */
public final class TxCommand {

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: fdtserver tx list            [--config FILE]  prepared (in-doubt) transaction branches",
            "       fdtserver tx commit   ID     [--config FILE]  commit the branch(es) with this branch id or global id",
            "       fdtserver tx rollback ID     [--config FILE]  roll back the branch(es) with this branch id or global id");

    private TxCommand() {
    }

    /**
     * @param args the whole command line, starting with {@code tx}
     * @return 0 done, 1 failed (not running, nothing matched, database error), 2 usage or config error
     */
    public static int run(String[] args) {
        String sub = args.length > 1 ? args[1] : "";
        int next = 2;
        String shellCommand;
        if (sub.equals("list")) {
            shellCommand = "fdt:indoubt";
        } else if ((sub.equals("commit") || sub.equals("rollback")) && args.length > 2 && !args[2].startsWith("--")) {
            if (!args[2].matches("[A-Za-z0-9._:+/=|-]+")) {
                return usage("ID may hold only letters, digits and . _ : + / = | -, got '" + args[2] + "'");
            }
            shellCommand = "fdt:" + sub + " '" + args[2] + "'";
            next = 3;
        } else {
            return usage(sub.isEmpty() ? "tx needs list, commit ID or rollback ID" : "unknown or incomplete tx command '" + sub + "'");
        }
        Path home = Path.of(System.getProperty(Main.HOME_PROPERTY, ".")).toAbsolutePath().normalize();
        Path file = home.resolve("config").resolve("fdtserver.properties");
        for (int i = next; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                return usage("unknown option '" + args[i] + "' for 'tx'");
            }
        }
        LauncherConfig config;
        try {
            config = ConfigParser.load(file, home);
        } catch (ConfigException e) {
            System.err.println("fdtserver: " + e.getMessage());
            return 2;
        }
        return run(config, shellCommand);
    }

    private static int run(LauncherConfig config, String shellCommand) {
        String workerId;
        try {
            workerId = ShellCommand.pickWorker(ControlClient.ask(config.controlSocket(), "workers"), 0);
        } catch (IOException e) {
            System.err.println("fdtserver is not running (cannot connect to " + config.controlSocket() + ": " + e.getMessage() + ")");
            return 1;
        }
        if (workerId == null) {
            System.err.println("no READY worker to ask");
            return 1;
        }
        Path socket = config.runDir().resolve("shell-" + workerId + ".sock");
        String output;
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(("fdt-shell 1 batch\n" + shellCommand + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput();
            output = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("cannot use the shell of worker " + workerId + " at " + socket + ": " + e.getMessage());
            return 1;
        }
        boolean failed = output.lines().anyMatch(l -> l.startsWith("error:") || l.startsWith("gogo:"));
        (failed ? System.err : System.out).print(output.endsWith("\n") || output.isEmpty() ? output : output + "\n");
        return failed ? 1 : 0;
    }

    private static int usage(String problem) {
        System.err.println("fdtserver: " + problem);
        System.err.println(USAGE);
        return 2;
    }
}
