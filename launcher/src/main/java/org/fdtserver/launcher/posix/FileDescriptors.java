package org.fdtserver.launcher.posix;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Fcntl;
import jnr.posix.POSIX;

/** Raw file-descriptor operations the JDK does not offer: read a channel's fd, duplicate, close-on-exec. */
public final class FileDescriptors {

    /** The FD_CLOEXEC bit of F_GETFD/F_SETFD, 1 on every POSIX system. */
    private static final int FD_CLOEXEC = 1;

    private FileDescriptors() {
    }

    /**
     * Reads the descriptor number behind an NIO channel.
     *
     * @param channel an open socket channel of the default provider
     * @return its fd
     * @throws IllegalStateException explaining the JVM flag needed when the JDK's internals are closed
     */
    public static int fdOf(Channel channel) {
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            Method getFdVal = selCh.getMethod("getFDVal");
            return (Integer) getFdVal.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the listening socket's file descriptor ("
                    + e + "); start the launcher JVM with --add-exports java.base/sun.nio.ch=ALL-UNNAMED"
                    + " (bin/fdtserver does)", e);
        }
    }

    /**
     * Duplicates a descriptor onto the lowest free number at or above {@code min}.
     *
     * @param fd the descriptor
     * @param min the lowest acceptable number
     * @return the copy
     * @throws IOException if fcntl fails
     */
    public static int dupAtOrAbove(int fd, int min) throws IOException {
        POSIX posix = NativePosix.get();
        int copy = posix.fcntlInt(fd, Fcntl.F_DUPFD, min);
        if (copy < 0) {
            throw new IOException("fcntl(" + fd + ", F_DUPFD, " + min + ") failed: errno " + jnr.constants.platform.Errno.valueOf(posix.errno()));
        }
        return copy;
    }

    /**
     * Closes a descriptor the JDK does not own.
     *
     * @param fd the descriptor
     */
    public static void close(int fd) {
        NativePosix.get().close(fd);
    }

    /**
     * Held while descriptors are marked close-on-exec and a child is spawned; a thread that opens
     * descriptors while workers may be spawning (the control socket's accept thread) holds it
     * until it has marked them, so no child can inherit them.
     */
    public static final Object SPAWN_LOCK = new Object();

    /**
     * Marks every open descriptor above 2 close-on-exec, because posix_spawn passes on every fd
     * that is not (the JDK opens jars and sockets without the flag).
     */
    public static void markAllCloseOnExec() {
        POSIX posix = NativePosix.get();
        for (int fd : openDescriptors()) {
            if (fd > 2) {
                // A failure means the fd was the directory stream's own, closed meanwhile: harmless.
                posix.fcntlInt(fd, Fcntl.F_SETFD, FD_CLOEXEC);
            }
        }
    }

    /** @return the numbers listed in /proc/self/fd */
    public static List<Integer> openDescriptors() {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : dir) {
                fds.add(Integer.parseInt(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd: " + e.getMessage(), e);
        }
        return fds;
    }
}
