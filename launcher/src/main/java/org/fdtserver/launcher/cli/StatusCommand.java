package org.fdtserver.launcher.cli;

import java.io.IOException;
import org.fdtserver.launcher.config.RunDirectory;
import org.fdtserver.launcher.control.ControlClient;

/** {@code fdtserver status}: prints the launcher's answer to {@code CLI status}. */
public final class StatusCommand {

    private StatusCommand() {
    }

    /**
     * @param run the launcher's run directory
     * @return 0, or 1 if no launcher answers
     */
    public static int run(RunDirectory run) {
        try {
            ControlClient.ask(run.controlSocket(), "status").forEach(System.out::println);
            return 0;
        } catch (IOException e) {
            System.out.println("fdtserver is not running (cannot connect to " + run.controlSocket() + ": " + e.getMessage() + ")");
            return 1;
        }
    }
}
