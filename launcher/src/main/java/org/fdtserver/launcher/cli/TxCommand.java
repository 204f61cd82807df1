package org.fdtserver.launcher.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fdtserver.launcher.config.RunDirectory;

/**
 * {@code fdtserver tx list | commit ID | rollback ID}: in-doubt transaction branches, through the
 * {@code fdt:indoubt}, {@code fdt:commit} and {@code fdt:rollback} shell commands of a READY
 * worker of the serving generation (any worker sees every branch of the database).
 */
public final class TxCommand {

    private TxCommand() {
    }

    /**
     * @param run the launcher's run directory
     * @param operands {@code list}, {@code commit ID} or {@code rollback ID}, checked by {@link Arguments}
     * @return 0 done, 1 failed (not running, nothing matched, database error)
     */
    public static int run(RunDirectory run, List<String> operands) {
        String shellCommand = operands.get(0).equals("list") ? "fdt:indoubt" : "fdt:" + operands.get(0) + " '" + operands.get(1) + "'";
        String workerId = ShellCommand.readyWorker(run, 0);
        if (workerId == null) {
            return 1;
        }
        Path socket = run.shellSocket(workerId);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try {
            status = ShellConnection.converse(socket, false,
                    new ByteArrayInputStream((shellCommand + "\n").getBytes(StandardCharsets.UTF_8)), output);
        } catch (IOException e) {
            System.err.println("cannot use the shell of worker " + workerId + " at " + socket + ": " + e.getMessage());
            return 1;
        }
        String text = output.toString(StandardCharsets.UTF_8);
        PrintStream to = status == 0 ? System.out : System.err;
        to.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        return status == 0 ? 0 : 1;
    }
}
