package org.fdtserver.launcher.pidfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The launcher's pid file: written at start, refused if it names a live process, removed at exit. */
public final class PidFile {

    private final Path file;

    /** @param file where the pid is kept */
    public PidFile(Path file) {
        this.file = file;
    }

    /** @return the path */
    public Path path() {
        return file;
    }

    /**
     * @return the pid the file names if that process is alive
     */
    public OptionalLong livePid() {
        OptionalLong pid = read();
        if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    /** @return the pid the file names, alive or not */
    public OptionalLong read() {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Writes this process's pid.
     *
     * @throws IOException if it cannot be written
     */
    public void write() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        // Atomic, so `fdtserver stop` never reads half a number.
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the file if it still names this process. */
    public void remove() {
        if (read().orElse(-1) == ProcessHandle.current().pid()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Nothing to do at exit; a stale pid file is harmless since the pid is checked.
            }
        }
    }
}
