package org.fdtserver.runtime.protocol;

import java.util.Objects;

/**
 * One line on the launcher's control socket: a verb and an optional argument, separated by one
 * space, ending in a newline. Workers and the command line use the same socket.
 *
 * <p>Worker to launcher: {@code HELLO <workerId> <pid>} first, then {@code READY}, or
 * {@code FAILED <reason>} before exiting with {@link ExitCodes#BOOT_FAILED}; {@code DRAINING}
 * when it stops accepting; {@code STATUS <connections> <busyThreads> <poolThreads>} every
 * {@link TimingBudgets#HEARTBEAT_INTERVAL_MILLIS}. Launcher to worker: {@code DRAIN} (stop accepting, finish, exit) and
 * {@code HALT} (exit now). A worker that reads end-of-stream drains and exits: its launcher is
 * gone.
 *
 * <p>Command line to launcher: {@code CLI <command>}; the launcher answers with lines and closes.
 *
 * @param verb the message's verb
 * @param argument the rest of the line, empty if none
 */
public record ControlMessage(Verb verb, String argument) {

    /** The verbs. */
    public enum Verb {
        /** Worker introduces itself: {@code <workerId> <pid>}. */
        HELLO,
        /** Worker: every bundle is active and every listener accepting. */
        READY,
        /** Worker: boot failed, with the reason. */
        FAILED,
        /** Worker: stopped accepting, finishing connections. */
        DRAINING,
        /** Worker heartbeat: {@code <connections> <busyThreads> <poolThreads>}. */
        STATUS,
        /** Launcher: drain and exit. */
        DRAIN,
        /** Launcher: exit now. */
        HALT,
        /** Command line request: {@code <command> [args]}. */
        CLI
    }

    /** Checks the parts. */
    public ControlMessage {
        Objects.requireNonNull(verb, "verb");
        argument = argument == null ? "" : argument;
        if (argument.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("argument must be one line");
        }
    }

    /**
     * @param verb the verb
     * @return a message with no argument
     */
    public static ControlMessage of(Verb verb) {
        return new ControlMessage(verb, "");
    }

    /**
     * Parses one line (without its newline).
     *
     * @param line the line
     * @return the message
     * @throws IllegalArgumentException if the verb is unknown
     */
    public static ControlMessage parse(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1);
        try {
            return new ControlMessage(Verb.valueOf(verb), arg);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown control verb '" + verb + "'", e);
        }
    }

    /** @return the line to send, without its newline */
    public String format() {
        return argument.isEmpty() ? verb.name() : verb.name() + " " + argument;
    }
}
