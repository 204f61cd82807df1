package org.fdtserver.itests.process;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small JDBC client that {@link EmbeddedDatabaseSecurityIT} runs as a second, unprivileged
 * local user: it connects to 127.0.0.1 and runs one statement, and prints what happened as one
 * line ({@code REFUSED <sqlstate>}, {@code DENIED <sqlstate>} or {@code DONE}). The password comes
 * in the environment ({@code PROBE_PASSWORD}), not on the command line.
 */
public final class DatabaseProbe {

    private DatabaseProbe() {
    }

    /** @param args port, user, database, SQL */
    public static void main(String[] args) {
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/" + args[2];
        Connection c;
        try {
            c = DriverManager.getConnection(url, args[1], System.getenv().getOrDefault("PROBE_PASSWORD", ""));
        } catch (SQLException e) {
            System.out.println("REFUSED " + e.getSQLState() + " " + e.getMessage());
            return;
        }
        try (c; Statement s = c.createStatement()) {
            s.execute(args[3]);
            System.out.println("DONE");
        } catch (SQLException e) {
            System.out.println("DENIED " + e.getSQLState() + " " + e.getMessage());
        }
    }
}
