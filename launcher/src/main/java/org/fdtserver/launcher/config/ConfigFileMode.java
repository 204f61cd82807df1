package org.fdtserver.launcher.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warns when the config file holds a database password that others than its owner can read. */
public final class ConfigFileMode {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileMode.class);

    private ConfigFileMode() {
    }

    /**
     * @param file the config file
     * @param password its {@code database.password}
     * @throws IOException if its mode cannot be read
     * @return the warning, if there is one to give
     */
    static Optional<String> warning(Path file, String password) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        boolean othersRead = mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ);
        if (password.isEmpty() || !othersRead) {
            return Optional.empty();
        }
        return Optional.of(file + " holds database.password and others can read it (mode "
                + PosixFilePermissions.toString(mode) + "): chmod 600 it");
    }

    /**
     * Logs the {@link #warning} as a WARNING, if there is one.
     *
     * @param file the config file
     * @param password its {@code database.password}
     */
    public static void warnIfPasswordExposed(Path file, String password) {
        try {
            warning(file, password).ifPresent(LOG::warn);
        } catch (IOException e) {
            LOG.warn("cannot read the mode of {}: {}", file, e.toString());
        }
    }
}
