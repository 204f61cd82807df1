package org.fdtserver.launcher.posix;

import jnr.constants.platform.Signal;

/**
 * How a reaped child ended: an exit code or a signal.
 *
 * @param code the exit code, or -1 if killed by a signal
 * @param signal the signal number, or 0 if it exited
 */
public record ExitStatus(int code, int signal) {

    /**
     * Decodes a waitpid status word (the Linux/BSD layout of WIFEXITED and WTERMSIG).
     *
     * @param status the raw status
     * @return the decoded status
     */
    public static ExitStatus decode(int status) {
        int sig = status & 0x7f;
        return sig == 0 ? new ExitStatus((status >> 8) & 0xff, 0) : new ExitStatus(-1, sig);
    }

    /**
     * Decodes {@link Process#exitValue()}, which the JDK reports as 128 plus the signal's number
     * for a child that a signal ended.
     *
     * @param value the exit value
     * @return the decoded status
     */
    public static ExitStatus fromExitValue(int value) {
        return value > 128 ? new ExitStatus(-1, value - 128) : exited(value);
    }

    /**
     * @param code the exit code
     * @return a status for a child that exited
     */
    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    /** @return true if the child exited with this code */
    public boolean exitedWith(int expected) {
        return signal == 0 && code == expected;
    }

    @Override
    public String toString() {
        if (signal == 0) {
            return "exit code " + code;
        }
        Signal s = Signal.valueOf(signal);
        return "signal " + (s.defined() ? s.name() : Integer.toString(signal));
    }
}
