package org.fdtserver.launcher.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fdtserver.launcher.config.RunDirectory;
import org.fdtserver.launcher.control.ControlClient;
import org.fdtserver.launcher.pidfile.PidFile;
import org.fdtserver.runtime.protocol.TimingBudgets;

/** {@code fdtserver stop}: sends TERM to the launcher the pid file names and waits for it to exit. */
public final class StopCommand {

    /** Extra wait beyond the launcher's kill deadline for a draining worker: the JVMs' exits. */
    static final long MARGIN_SECONDS = 5;

    private StopCommand() {
    }

    /**
     * @param run the launcher's run directory and graceful timeout
     * @param now halt the workers at once instead of draining
     * @return 0 once the launcher is gone, 1 if none ran or it outlived the wait
     */
    public static int run(RunDirectory run, boolean now) {
        PidFile pidFile = new PidFile(run.pidFile());
        OptionalLong pid = pidFile.livePid();
        Optional<ProcessHandle> launcher = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
        if (launcher.isEmpty()) {
            System.out.println("fdtserver is not running (no live process in " + pidFile.path() + ")");
            return 1;
        }
        if (now) {
            try {
                ControlClient.ask(run.controlSocket(), "halt");
                System.out.println("asked launcher pid " + pid.getAsLong() + " to halt its workers");
            } catch (IOException e) {
                System.out.println("cannot reach " + run.controlSocket() + " (" + e.getMessage() + "); sending TERM instead");
                launcher.get().destroy();
            }
        } else {
            launcher.get().destroy();
            System.out.println("sent TERM to launcher pid " + pid.getAsLong());
        }
        long waitSeconds = TimingBudgets.drainKillAfterMillis(run.gracefulTimeout().toMillis()) / 1000 + MARGIN_SECONDS;
        try {
            launcher.get().onExit().get(waitSeconds, TimeUnit.SECONDS);
            System.out.println("launcher pid " + pid.getAsLong() + " has exited");
            return 0;
        } catch (TimeoutException e) {
            System.out.println("launcher pid " + pid.getAsLong() + " still runs after " + waitSeconds + " s");
            return 1;
        } catch (InterruptedException | ExecutionException e) {
            System.out.println("stopped waiting: " + e);
            return 1;
        }
    }
}
