package org.fdtserver.launcher.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the workers a role of their own, run as the superuser at every start (each step is
 * idempotent): role {@value EmbeddedCredentials#ROLE}, which may log in with its password and
 * is nothing more (no superuser, so no {@code COPY ... PROGRAM}, no untrusted languages, no
 * server files; not a member of {@code pg_execute_server_program} or the file roles), owns the
 * workers' database and every table, view and sequence in its schema public. Any role may
 * PREPARE TRANSACTION and finish its own prepared transactions.
 *
 * <p>Prepared branches an earlier fdtserver left in doubt belong to the superuser, and
 * PostgreSQL lets only their owner or a superuser finish them (and they keep their table locks,
 * which a change of owner would wait for): while there are any, the workers keep connecting as
 * the superuser so that their coordinator can still resolve them through fdtserver; the first
 * start after the last one is resolved hands the tables over and moves the workers to their role.
 */
final class RoleSetup {

    private static final Logger LOG = LoggerFactory.getLogger(RoleSetup.class);
    private static final String ROLE = EmbeddedCredentials.ROLE;

    /** Hands every relation of schema public the superuser owns to the role (a table takes its own sequences with it). */
    private static final String REASSIGN = "DO $$DECLARE r record; BEGIN"
            + " FOR r IN SELECT c.oid::regclass AS name FROM pg_class c"
            + "   WHERE c.relnamespace = 'public'::regnamespace AND c.relowner = '" + EmbeddedCredentials.SUPERUSER + "'::regrole"
            + "   AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')"
            + "   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
            + "     AND d.deptype IN ('a', 'i'))"
            + " LOOP EXECUTE format('ALTER TABLE %s OWNER TO " + ROLE + "', r.name); END LOOP; END$$";

    /**
     * What the workers connect with.
     *
     * @param database the database
     * @param user the role
     * @param password its password
     */
    record Login(String database, String user, String password) {
    }

    /** Opens a superuser connection to a database of the embedded server. */
    interface Superuser {
        /**
         * @param database the database
         * @return a connection as the superuser
         * @throws SQLException if it cannot connect
         */
        Connection connect(String database) throws SQLException;
    }

    private RoleSetup() {
    }

    /**
     * @param superuser superuser connections to the embedded server
     * @param credentials the passwords and the workers' database
     * @return what the workers connect with
     * @throws SQLException if a step fails
     */
    static Login provision(Superuser superuser, EmbeddedCredentials credentials) throws SQLException {
        String database = credentials.database();
        long superusersBranches;
        try (Connection c = superuser.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "')"
                    + " THEN CREATE ROLE " + ROLE + "; END IF; END$$");
            // The verifier is computed here: the password itself never reaches the server or its log.
            s.execute("ALTER ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                    + PasswordUtil.encodeScramSha256(credentials.rolePassword().toCharArray()) + "'");
            if (count(s, "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") == 0) {
                s.execute("CREATE DATABASE " + database + " OWNER " + ROLE);
            }
            s.execute("ALTER DATABASE " + database + " OWNER TO " + ROLE);
            superusersBranches = count(s, "SELECT count(*) FROM pg_prepared_xacts WHERE owner = '"
                    + EmbeddedCredentials.SUPERUSER + "'");
        }
        if (superusersBranches > 0) {
            LOG.warn("{} prepared branch{} in doubt, prepared before the upgrade, owned by the superuser {}: workers"
                    + " connect to database {} as {} until they are resolved (RECOVER, COMMIT-PREPARED, ROLLBACK-PREPARED"
                    + " or fdtserver tx); the first start after that moves them to role {}", superusersBranches,
                    superusersBranches == 1 ? "" : "es", EmbeddedCredentials.SUPERUSER, database,
                    EmbeddedCredentials.SUPERUSER, ROLE);
            return new Login(database, EmbeddedCredentials.SUPERUSER, credentials.superuserPassword());
        }
        // A prepared branch keeps its table locks, and a new owner needs an exclusive one: only now
        // that none of the superuser's is left can it be had; the timeout keeps a start from hanging.
        try (Connection c = superuser.connect(database); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '10s'");
            s.execute(REASSIGN);
        }
        LOG.info("workers connect to database {} as role {}", database, ROLE);
        return new Login(database, ROLE, credentials.rolePassword());
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
