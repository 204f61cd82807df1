package org.fdtserver.runtime.protocol;

/**
 * The database of connection-bound transactions as the workers of a generation reach it, checked
 * by the launcher; the runtime writes it to the transaction binding's Config Admin configuration.
 * The password travels only in the spec file, under the owner-only run directory: never on a
 * command line, never in a framework property, never in a log line ({@link #toString()}).
 *
 * @param url JDBC URL of the PostgreSQL database
 * @param user the database user
 * @param password the database password
 * @param poolSize database connections per worker
 * @param timeoutMillis how long a branch may stay ACTIVE
 * @param inDoubtWarningMillis age from which prepared branches are logged as warnings
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, long timeoutMillis,
        long inDoubtWarningMillis) {

    /** @return the settings without the password */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + ", timeoutMillis="
                + timeoutMillis + ", inDoubtWarningMillis=" + inDoubtWarningMillis + "]";
    }
}
