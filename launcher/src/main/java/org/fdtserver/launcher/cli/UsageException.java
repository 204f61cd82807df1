package org.fdtserver.launcher.cli;

/** A command line that does not follow the usage; the launcher prints the usage and exits 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public UsageException(String message) {
        super(message);
    }
}
