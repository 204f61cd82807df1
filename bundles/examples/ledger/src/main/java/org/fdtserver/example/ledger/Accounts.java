package org.fdtserver.example.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The ledger's SQL: accounts with balances in integer cents, kept non-negative by a CHECK
 * constraint, and a journal of every credit and debit with the global transaction id it was
 * made under; every statement runs on whatever connection the DataSource hands out, so inside a
 * branch it takes part in it.
 */
final class Accounts {

    static final String TABLE = "ledger_accounts";
    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))";
    static final String JOURNAL = "ledger_entries";
    private static final String CREATE_JOURNAL = "CREATE TABLE IF NOT EXISTS " + JOURNAL
            + " (id bigserial PRIMARY KEY, gid text, account text NOT NULL, cents bigint NOT NULL)";
    // One statement each, so the change and its journal entry are atomic with or without a branch.
    private static final String CREDIT = "WITH b AS (INSERT INTO " + TABLE + " (id, balance) VALUES (?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET balance = " + TABLE + ".balance + EXCLUDED.balance RETURNING balance),"
            + " e AS (INSERT INTO " + JOURNAL + " (gid, account, cents) VALUES (?, ?, ?)) SELECT balance FROM b";
    private static final String DEBIT = "WITH b AS (UPDATE " + TABLE + " SET balance = balance - ? WHERE id = ? AND balance >= ?"
            + " RETURNING balance), e AS (INSERT INTO " + JOURNAL + " (gid, account, cents) SELECT ?, ?, ? FROM b)"
            + " SELECT balance FROM b";
    private static final String BALANCE = "SELECT balance FROM " + TABLE + " WHERE id = ?";

    /** A debit the account cannot cover, or an account that does not exist. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * How PostgreSQL tells the loser of two concurrent CREATE TABLE IF NOT EXISTS: duplicate table,
     * a unique violation on pg_type, or its row type existing already (duplicate object).
     */
    private static final Set<String> LOST_RACE = Set.of("42P07", "23505", "42710");

    private final DataSource data;

    Accounts(DataSource data) {
        this.data = data;
    }

    /** Creates the tables if missing; workers starting together may race, so a lost race is retried once. */
    void createSchema() throws SQLException {
        create(CREATE);
        create(CREATE_JOURNAL);
    }

    private void create(String ddl) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.execute(ddl);
                return;
            } catch (SQLException e) {
                if (attempt == 2 || !LOST_RACE.contains(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /**
     * @param gid the global transaction id it is made under, or null outside a branch
     * @return the new balance
     */
    long credit(String gid, String account, long cents) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(CREDIT)) {
            s.setString(1, account);
            s.setLong(2, cents);
            s.setString(3, gid);
            s.setString(4, account);
            s.setLong(5, cents);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * @param gid the global transaction id it is made under, or null outside a branch
     * @return the new balance
     */
    long debit(String gid, String account, long cents) throws SQLException, Refused {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(DEBIT)) {
            s.setLong(1, cents);
            s.setString(2, account);
            s.setLong(3, cents);
            s.setString(4, gid);
            s.setString(5, account);
            s.setLong(6, -cents);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
        }
        if (balance(account).isEmpty()) {
            throw new Refused("no account " + account);
        }
        throw new Refused("insufficient funds in " + account);
    }

    OptionalLong balance(String account) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(BALANCE)) {
            s.setString(1, account);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
