package org.fdtserver.server.internal.connection;

import java.util.Arrays;
import org.fdtserver.api.Connection;
import org.fdtserver.api.spi.WorkInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link WorkInterceptor} services bound to the engine, run around each unit of work in binding order. */
public final class WorkInterceptors {

    private static final Logger LOG = LoggerFactory.getLogger(WorkInterceptors.class);

    private static final WorkInterceptor[] NONE = {};

    /** Replaced whole on every change, so a unit of work reads one consistent set without copying it. */
    private volatile WorkInterceptor[] interceptors = NONE;

    /** Runs the interceptor around every unit of work from now on, after those bound before it. */
    public synchronized void add(WorkInterceptor interceptor) {
        WorkInterceptor[] next = Arrays.copyOf(interceptors, interceptors.length + 1);
        next[next.length - 1] = interceptor;
        interceptors = next;
    }

    /** Stops running the interceptor; a unit of work already running finishes with it. */
    public synchronized void remove(WorkInterceptor interceptor) {
        interceptors = Arrays.stream(interceptors).filter(i -> i != interceptor).toArray(WorkInterceptor[]::new);
    }

    /**
     * Runs {@code work} between every interceptor's before and after calls. An interceptor that
     * fails before the work closes the connection and the work is skipped; the after calls of
     * every interceptor entered still run, in reverse order.
     *
     * @return whether the work ran
     */
    boolean around(ChannelConnection connection, Runnable work) {
        WorkInterceptor[] current = interceptors;
        if (current.length == 0) {
            work.run(); // the request path of a worker without transactions costs nothing more
            return true;
        }
        int entered = 0;
        try {
            for (WorkInterceptor interceptor : current) {
                interceptor.beforeWork(connection);
                entered++;
            }
        } catch (RuntimeException e) {
            LOG.warn("closing connection {}: a work interceptor failed: {}", connection.id(), e.toString());
            connection.closeLogged();
            after(current, entered, connection);
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            after(current, entered, connection);
        }
    }

    /** Tells every interceptor that the connection's last unit of work is done. */
    void closed(Connection connection) {
        for (WorkInterceptor interceptor : interceptors) {
            try {
                interceptor.closed(connection);
            } catch (RuntimeException e) {
                LOG.warn("work interceptor {} failed on the close of connection {}", interceptor, connection.id(), e);
            }
        }
    }

    private static void after(WorkInterceptor[] current, int entered, Connection connection) {
        for (int i = entered - 1; i >= 0; i--) {
            try {
                current[i].afterWork(connection);
            } catch (RuntimeException e) {
                LOG.error("work interceptor {} failed after work for connection {}", current[i], connection.id(), e);
            }
        }
    }
}
