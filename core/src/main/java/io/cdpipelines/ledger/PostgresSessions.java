package io.cdpipelines.ledger;

import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sessions with the PostgreSQL server behind a shared ledger: connections through the driver, transactions that
 * notify the other hosts and run again on a conflict, and the server's failures in words.
 */
final class PostgresSessions {
    /** The channel on which a commit tells the other hosts' ledgers that what they cached may be stale. */
    static final String CHANNEL = "cdp_ledger";
    private static final int WRITE_ATTEMPTS = 5;
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    private PostgresSessions() {
    }

    /**
     * A connection through PostgreSQL's driver itself, not {@link java.sql.DriverManager}: inside Jenkins the driver
     * lives in the plugin's class loader, which DriverManager does not consult.
     */
    static Connection connect(String jdbcUrl, Properties properties) throws SQLException {
        Connection connection = DRIVER.connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL address: " + nameOf(jdbcUrl), "08001");
        }
        return connection;
    }

    static Properties login(String user, String password) {
        Properties credentials = new Properties();
        if (user != null && !user.isBlank()) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        return credentials;
    }

    /** The database's address without any parameter (where a password could be): for messages. */
    static String nameOf(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String address = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        return address.startsWith("jdbc:") ? address.substring("jdbc:".length()) : address;
    }

    static boolean lost(Connection c) {
        try {
            return c.isClosed() || !c.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Runs {@code work} in one transaction on {@code c}, which notifies the other ledgers as it commits
     * when it {@code changes} what they may have cached; a conflict with another host's transaction runs it again.
     */
    static <T> T transaction(Connection c, String name, String what, boolean changes, JdbcLedger.Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = work.run(c);
                if (changes) {
                    try (Statement statement = c.createStatement()) {
                        statement.execute("NOTIFY " + CHANNEL);
                    }
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                if (e instanceof SQLException sql && retryable(sql) && attempt < WRITE_ATTEMPTS) {
                    pauseBeforeRetry(attempt);
                    continue;
                }
                if (e instanceof SQLException sql) {
                    throw failure(name, what, sql);
                }
                throw (RuntimeException) e;
            }
        }
    }

    /** Serialization failure, deadlock, or a unique key another host inserted meanwhile: run it again. */
    static boolean retryable(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return state.equals("40001") || state.equals("40P01") || state.equals("23505");
    }

    /** A failure of the database in words, never with a password (the driver's messages hold none). */
    static LedgerException failure(String name, String what, SQLException e) {
        String state = String.valueOf(e.getSQLState());
        String message = String.valueOf(e.getMessage()).strip();
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        if (state.startsWith("08")) {
            return new LedgerException("the ledger database " + name + " cannot be reached (" + message + "): check "
                    + "the ledger's address and that the server runs", e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new LedgerException("the ledger database " + name + " refused the credentials, so it could not "
                    + what + ": " + message + "; give the right user and password", e);
        }
        if (state.equals("3D000")) {
            return new LedgerException("the ledger database " + name + " does not exist: create it (createdb), then "
                    + "run again", e);
        }
        if (state.equals("53100")) {
            return new LedgerException("the disk of the ledger database " + name + " is full, so it could not " + what
                    + " (nothing of it was written): free space there, then run again", e);
        }
        if (state.equals("25006") || state.equals("42501")) {
            return new LedgerException("the ledger database " + name + " does not let this user write, so it could "
                    + "not " + what + ": " + message, e);
        }
        if (e instanceof PSQLException && state.startsWith("57P")) {
            return new LedgerException("the ledger database " + name + " is shutting down or restarting, so it could "
                    + "not " + what + ": run again when it is back", e);
        }
        return new LedgerException("the ledger database " + name + " could not " + what + ": " + message, e);
    }

    static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // it is being given up; whatever failed before is what is reported
        }
    }

    static void pauseBeforeRetry(int attempt) {
        SlotWait.sleep(5L * attempt + ThreadLocalRandom.current().nextInt(10));
    }
}
