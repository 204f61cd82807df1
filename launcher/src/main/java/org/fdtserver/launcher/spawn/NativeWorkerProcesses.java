package org.fdtserver.launcher.spawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Signal;
import jnr.posix.POSIX;
import org.fdtserver.launcher.posix.ExitStatus;
import org.fdtserver.launcher.posix.NativePosix;
import org.fdtserver.launcher.posix.Spawner;
import org.fdtserver.launcher.supervisor.GenerationPlan;
import org.fdtserver.launcher.supervisor.WorkerProcesses;

/** Worker processes through jnr-posix: posix_spawnp, waitpid(pid, WNOHANG) and kill. */
public final class NativeWorkerProcesses implements WorkerProcesses {

    private static final int WNOHANG = 1;

    private final Spawner spawner = new Spawner();
    private final Path home;
    private final ClassDataCache cache;
    /** Pid → worker id, for the class-data cache's bookkeeping at exit. */
    private final Map<Long, String> ids = new ConcurrentHashMap<>();

    /**
     * @param home the installation home
     * @param cache the class-data cache, or null when {@code worker.class_cache=off}
     */
    public NativeWorkerProcesses(Path home, ClassDataCache cache) {
        this.home = home;
        this.cache = cache;
    }

    @Override
    public long spawn(String workerId, GenerationPlan plan) throws IOException {
        // Each generation brings its own java, JVM options and listener order.
        List<String> options = new ArrayList<>(plan.config().jvmOptions());
        if (cache != null && plan.config().classCache()) {
            options.addAll(cache.options(plan.config().java(), plan.config().jvmOptions(), workerId));
        }
        long pid = spawner.spawn(WorkerCommand.build(plan.config().java(), options, plan.specFile(), workerId, home),
                plan.listenerFds());
        ids.put(pid, workerId);
        return pid;
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
            return errno == Errno.EINTR.intValue() ? Optional.empty() : Optional.of(exited(pid, new ExitStatus(-1, 0)));
        }
        return Optional.of(exited(pid, ExitStatus.decode(status[0])));
    }

    private ExitStatus exited(long pid, ExitStatus status) {
        String id = ids.remove(pid);
        if (cache != null && id != null) {
            cache.exited(id, status.exitedWith(0));
        }
        return status;
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
