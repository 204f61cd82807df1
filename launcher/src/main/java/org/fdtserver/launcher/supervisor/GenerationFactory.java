package org.fdtserver.launcher.supervisor;

import java.util.Collection;

/** Makes generations from the configuration file and the deploy directory, and owns the listening sockets. */
public interface GenerationFactory {

    /**
     * Re-reads and validates the configuration, binds listeners it adds, snapshots the bundles
     * directory and writes the worker spec.
     *
     * @param number the new generation's number
     * @return the plan to start its workers from
     * @throws GenerationException naming the file and key, the listener, or the I/O failure
     */
    GenerationPlan prepare(long number) throws GenerationException;

    /**
     * Closes every listening socket no given plan uses.
     *
     * @param live the plans of the generations that accept or are about to
     */
    void retainListeners(Collection<GenerationPlan> live);

    /** Closes every listening socket: the launcher is stopping. */
    void closeListeners();

    /**
     * Removes a finished generation's directory; its workers have exited.
     *
     * @param plan the generation's plan
     */
    void discard(GenerationPlan plan);

    /** A generation that cannot be made; the message is the reason shown to the operator. */
    final class GenerationException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param reason what went wrong, naming the file and key, listener or directory */
        public GenerationException(String reason) {
            super(reason);
        }
    }
}
