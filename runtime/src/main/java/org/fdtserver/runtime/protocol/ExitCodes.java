package org.fdtserver.runtime.protocol;

/** Exit codes a worker reserves so the launcher can tell a failed boot from a crash. */
public final class ExitCodes {

    /** Drained and exited normally. */
    public static final int OK = 0;
    /** The worker could not boot: bad spec, framework failure, a bundle that did not resolve or start. */
    public static final int BOOT_FAILED = 3;
    /** The launcher went away and the worker drained by itself. */
    public static final int ORPHANED = 4;

    private ExitCodes() {
    }
}
