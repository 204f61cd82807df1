package org.fdtserver.server.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fdtserver.api.Connection;
import org.fdtserver.api.spi.WorkInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link WorkInterceptor} services bound to the engine, run around each unit of work in binding order. */
final class WorkInterceptors {

    private static final Logger LOG = LoggerFactory.getLogger(WorkInterceptors.class);

    private final List<WorkInterceptor> interceptors = new CopyOnWriteArrayList<>();

    void add(WorkInterceptor interceptor) {
        interceptors.add(interceptor);
    }

    void remove(WorkInterceptor interceptor) {
        interceptors.remove(interceptor);
    }

    /**
     * Runs {@code work} between every interceptor's before and after calls. An interceptor that
     * fails before the work closes the connection and the work is skipped; the after calls of
     * every interceptor entered still run, in reverse order.
     */
    void around(ChannelConnection connection, Runnable work) {
        List<WorkInterceptor> current = List.copyOf(interceptors);
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
            return;
        }
        try {
            work.run();
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

    private static void after(List<WorkInterceptor> current, int entered, Connection connection) {
        for (int i = entered - 1; i >= 0; i--) {
            try {
                current.get(i).afterWork(connection);
            } catch (RuntimeException e) {
                LOG.error("work interceptor {} failed after work for connection {}", current.get(i), connection.id(), e);
            }
        }
    }
}
