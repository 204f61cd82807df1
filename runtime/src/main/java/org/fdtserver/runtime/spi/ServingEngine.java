package org.fdtserver.runtime.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The server engine as the runtime and the shell see it. The server bundle registers it as a
 * service; the runtime calls {@link #startAccepting()} once every bundle is active and
 * {@link #handlersBound()} has completed, and {@link #drain()} when the worker must stop.
 */
public interface ServingEngine {

    /** @return each configured listener's state, by listener name */
    Map<String, ListenerState> listeners();

    /**
     * Why the protocol handlers bound so far cannot serve this worker's listeners: a listener that
     * more than one handler names (which one would answer is an accident). A worker with such a
     * bundle set must not serve.
     *
     * @return one line per problem, naming the listener and the handlers with their bundles; empty when all is well
     */
    List<String> handlerProblems();

    /**
     * Completes the first time every configured listener has its protocol handler; the runtime
     * then checks {@link #handlerProblems()} and calls {@link #startAccepting()}. It never
     * completes exceptionally: why a listener may never get its handler is {@link ComponentCheck}'s
     * to say.
     *
     * @return the same stage on every call
     * @since 2.0
     */
    CompletionStage<Void> handlersBound();

    /**
     * Starts accepting on every listener whose handler is bound. Idempotent.
     *
     * @throws IllegalStateException if a listener has no handler, {@link #handlerProblems()} has
     *     any, or the engine is draining
     */
    void startAccepting();

    /**
     * Stops accepting at once, closes this worker's copy of every listener, tells each open
     * connection that the worker is draining, and completes the returned stage when the last
     * connection has closed or the graceful timeout has passed, whichever comes first.
     * Idempotent: every call returns the same stage.
     *
     * @return completes when the engine has no connection left
     */
    CompletionStage<Void> drain();

    /** @return connections open now */
    int openConnections();

    /** @return pool threads running application work now */
    int busyThreads();

    /** @return the size of the fixed application pool */
    int poolThreads();
}
