package org.fdtserver.launcher.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Signal;
import jnr.posix.POSIX;
import org.fdtserver.launcher.supervisor.GenerationPlan;
import org.fdtserver.launcher.supervisor.WorkerProcesses;

/** Worker processes through jnr-posix: posix_spawnp, waitpid(pid, WNOHANG) and kill. */
public final class NativeWorkerProcesses implements WorkerProcesses {

    private static final int WNOHANG = 1;

    private final Spawner spawner = new Spawner();
    private final Path home;

    /** @param home the installation home */
    public NativeWorkerProcesses(Path home) {
        this.home = home;
    }

    @Override
    public long spawn(String workerId, GenerationPlan plan) throws IOException {
        // Each generation brings its own java, JVM options and listener order.
        return spawner.spawn(WorkerCommand.build(plan.config().java(), plan.config().jvmOptions(), plan.specFile(),
                workerId, home), plan.listenerFds());
    }

    @Override
    public Optional<ExitStatus> poll(long pid) {
        POSIX posix = NativePosix.get();
        int[] status = new int[1];
        // Only this pid: waitpid(-1) would steal children the JDK reaps itself.
        int r = posix.waitpid((int) pid, status, WNOHANG);
        if (r == 0) {
            return Optional.empty();
        }
        if (r < 0) {
            // ECHILD: someone else reaped it; it is gone either way.
            int errno = posix.errno();
            return errno == Errno.EINTR.intValue() ? Optional.empty() : Optional.of(new ExitStatus(-1, 0));
        }
        return Optional.of(ExitStatus.decode(status[0]));
    }

    @Override
    public void terminate(long pid) {
        NativePosix.get().kill((int) pid, Signal.SIGTERM.intValue());
    }

    @Override
    public void kill(long pid) {
        NativePosix.get().kill((int) pid, Signal.SIGKILL.intValue());
    }
}
