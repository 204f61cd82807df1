package org.fdtserver.transaction.internal;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Describes a database failure in words a client may be shown: PostgreSQL's own message and SQL
 * state. What reaches a client never carries the database's address: the pool replaces a failed
 * connect (pgjdbc names host and port) by {@code database unavailable} with its SQL state, and
 * the XA exceptions' own text (an xid's array ids, the driver's internal state) is left out.
 */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * @param failure a failure from the driver or the transaction manager
     * @return the first SQL exception in its causes as {@code <message> (SQL state <state>)}, or
     *     the failure's type and message when none carries an SQL state
     */
    static String describe(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return message(sql) + " (SQL state " + sql.getSQLState() + ")";
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** @return the server's severity and primary message, one line (its detail, hint and position are left out) */
    private static String message(SQLException sql) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            return server.getSeverity() + ": " + server.getMessage();
        }
        return sql.getMessage().lines().findFirst().orElse("");
    }
}
