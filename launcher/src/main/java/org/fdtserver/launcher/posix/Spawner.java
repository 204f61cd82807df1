package org.fdtserver.launcher.posix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.posix.POSIX;
import jnr.posix.SpawnAttribute;
import jnr.posix.SpawnFileAction;
import org.fdtserver.runtime.protocol.WorkerSpec;

/** Starts a child with posix_spawnp so that it inherits the listening sockets, and only them, on fds 3, 4, .... */
public final class Spawner {

    /**
     * Spawns a child in its own process group with the launcher's environment.
     *
     * @param argv the command line, starting with the executable
     * @param listenerFds the launcher's copies (numbered 64 and up) of the child's listeners, in
     *     its generation's configuration order; the child gets them on 3, 4, ...
     * @return the child's pid
     * @throws IOException if posix_spawnp fails
     */
    public long spawn(List<String> argv, List<Integer> listenerFds) throws IOException {
        POSIX posix = NativePosix.get();
        List<SpawnFileAction> actions = new ArrayList<>();
        for (int i = 0; i < listenerFds.size(); i++) {
            if (listenerFds.get(i) < 0) {
                continue; // a reuseport listener: the worker binds its own socket
            }
            // dup2 clears close-on-exec on the target, so exactly these survive the exec.
            actions.add(SpawnFileAction.dup(listenerFds.get(i), WorkerSpec.FIRST_LISTENER_FD + i));
        }
        // Own process group: ^C in a terminal reaches only the launcher, which drains the workers.
        List<SpawnAttribute> attributes = List.of(
                SpawnAttribute.flags((short) SpawnAttribute.SETPGROUP), SpawnAttribute.pgroup(0));
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        long pid;
        synchronized (FileDescriptors.SPAWN_LOCK) {
            // Mark right before spawning, so descriptors opened since the last spawn are covered too.
            FileDescriptors.markAllCloseOnExec();
            pid = posix.posix_spawnp(argv.get(0), actions, attributes, argv, env);
        }
        if (pid <= 0) {
            throw new IOException("posix_spawnp " + argv.get(0) + " failed: errno " + jnr.constants.platform.Errno.valueOf(posix.errno()));
        }
        return pid;
    }
}
