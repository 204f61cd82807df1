package org.fdtserver.launcher.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fdtserver.launcher.config.RunDirectory;
import org.fdtserver.launcher.control.ControlClient;

/** {@code fdtserver shell}: connects the terminal to a ready worker's Gogo shell socket. */
public final class ShellCommand {

    private ShellCommand() {
    }

    /**
     * @param run the launcher's run directory
     * @param index which READY worker of the newest serving generation
     * @return 0 when the session ends and every command in it succeeded; 1 if one failed, or if
     *     there is no such worker or socket
     */
    public static int run(RunDirectory run, int index) {
        String workerId = readyWorker(run, index);
        if (workerId == null) {
            return 1;
        }
        Path socket = run.shellSocket(workerId);
        try {
            int status = ShellConnection.converse(socket, System.console() != null, System.in, System.out);
            if (status == ShellConnection.NO_STATUS) {
                System.err.println("fdtserver: the shell of worker " + workerId + " ended the session without its status (did the worker stop?)");
                return 1;
            }
            return status;
        } catch (IOException e) {
            System.err.println("cannot use the shell of worker " + workerId + " at " + socket + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * @param run the launcher's run directory
     * @param index which READY worker of the newest serving generation
     * @return its id, or null (said on stderr) when the launcher does not answer or has no such worker
     */
    static String readyWorker(RunDirectory run, int index) {
        String workerId;
        try {
            workerId = pickWorker(ControlClient.ask(run.controlSocket(), "workers"), index);
        } catch (IOException e) {
            System.err.println("fdtserver is not running (cannot connect to " + run.controlSocket() + ": " + e.getMessage() + ")");
            return null;
        }
        if (workerId == null) {
            System.err.println("no READY worker with index " + index);
        }
        return workerId;
    }

    /**
     * Picks the index-th READY worker of the newest generation that has READY workers.
     *
     * @param lines the {@code CLI workers} answer: {@code <id> <pid> <state> <generation>}
     * @param index which one
     * @return its id, or null
     */
    static String pickWorker(List<String> lines, int index) {
        long newest = -1;
        List<String[]> ready = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[2].equals("READY")) {
                ready.add(f);
                newest = Math.max(newest, Long.parseLong(f[3]));
            }
        }
        int seen = 0;
        for (String[] f : ready) {
            if (Long.parseLong(f[3]) == newest && seen++ == index) {
                return f[0];
            }
        }
        return null;
    }
}
