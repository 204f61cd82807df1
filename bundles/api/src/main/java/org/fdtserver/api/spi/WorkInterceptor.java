package org.fdtserver.api.spi;

import org.fdtserver.api.Connection;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs around every unit of work the server engine does for a connection on its pool thread:
 * {@code connected}, each {@code handle}, {@code draining} and {@code disconnected}. The
 * transaction binding registers one to resume the connection's transaction on the thread before
 * the work and suspend it after, so a pool thread never goes back to the pool with a transaction
 * attached. Framework extensions implement it; applications do not need it.
 */
@ConsumerType
public interface WorkInterceptor {

    /**
     * Called on the pool thread before a unit of work for the connection. An exception closes the
     * connection and the work does not run; {@link #afterWork} is still called.
     *
     * @param connection the connection the work is for
     */
    void beforeWork(Connection connection);

    /**
     * Called on the same thread after the unit of work, whatever its outcome; must not throw.
     *
     * @param connection the connection the work was for
     */
    void afterWork(Connection connection);

    /**
     * Called once on a pool thread after the connection's last unit of work ({@code disconnected}),
     * outside {@link #beforeWork}/{@link #afterWork}.
     *
     * @param connection the closed connection
     */
    default void closed(Connection connection) {
    }
}
