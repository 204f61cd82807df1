package org.fdtserver.example.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The ledger's SQL: accounts with balances in integer cents, kept non-negative by a CHECK
 * constraint; every statement runs on whatever connection the DataSource hands out, so inside a
 * branch it takes part in it.
 */
final class Accounts {

    static final String TABLE = "ledger_accounts";
    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))";
    private static final String CREDIT = "INSERT INTO " + TABLE + " (id, balance) VALUES (?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET balance = " + TABLE + ".balance + EXCLUDED.balance RETURNING balance";
    private static final String DEBIT = "UPDATE " + TABLE + " SET balance = balance - ? WHERE id = ? AND balance >= ? RETURNING balance";
    private static final String BALANCE = "SELECT balance FROM " + TABLE + " WHERE id = ?";

    /** A debit the account cannot cover, or an account that does not exist. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final DataSource data;

    Accounts(DataSource data) {
        this.data = data;
    }

    /** Creates the table if missing; workers starting together may race, so a lost race is retried once. */
    void createSchema() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.execute(CREATE);
                return;
            } catch (SQLException e) {
                if (attempt == 2 || !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    long credit(String account, long cents) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(CREDIT)) {
            s.setString(1, account);
            s.setLong(2, cents);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    long debit(String account, long cents) throws SQLException, Refused {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(DEBIT)) {
            s.setLong(1, cents);
            s.setString(2, account);
            s.setLong(3, cents);
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
