package org.fdtserver.launcher.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Checks at start that the configured database can be reached and allows prepared transactions. */
public final class DatabaseCheck {

    private DatabaseCheck() {
    }

    /**
     * @param url JDBC URL
     * @param user user
     * @param password password
     * @return null when all is well, else what is wrong, for the operator
     */
    public static String problem(String url, String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        try (Connection c = new org.postgresql.Driver().connect(url, p); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW max_prepared_transactions")) {
            r.next();
            int max = Integer.parseInt(r.getString(1));
            if (max <= 0) {
                return "the database at " + url + " does not allow prepared transactions (max_prepared_transactions = "
                        + max + "); two-phase commit needs it > 0: set it in its postgresql.conf and restart it";
            }
            return null;
        } catch (SQLException e) {
            return "cannot reach the database at " + url + " as " + user + ": " + e.getMessage();
        }
    }

}
