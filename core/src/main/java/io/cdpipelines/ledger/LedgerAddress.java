package io.cdpipelines.ledger;

import io.cdpipelines.model.InvalidInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a ledger lives: the embedded SQLite file of a data directory, or a PostgreSQL database that several hosts
 * share, given as {@code postgresql://host[:port]/database}. Credentials never belong to the address (a command line
 * is seen by every user of the host): they come separately, from the environment, a file or Jenkins credentials.
 */
public sealed interface LedgerAddress {

    /** Opens the ledger at this address; {@code credentials} serve a shared one. */
    Ledger open(Credentials credentials, Duration lockTimeout);

    /** The address in words, for messages; never a secret. */
    String describe();

    /** A shared ledger's user and password; the password is never shown. */
    record Credentials(String user, String password) {
        public static final Credentials NONE = new Credentials(null, null);

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
        }
    }

    /** The embedded ledger of a data directory. */
    record Embedded(Path dataDirectory) implements LedgerAddress {
        @Override
        public Ledger open(Credentials credentials, Duration lockTimeout) {
            return SqliteLedger.open(dataDirectory, lockTimeout);
        }

        @Override
        public String describe() {
            return dataDirectory.resolve(SqliteLedger.FILE_NAME).toString();
        }
    }

    /** A PostgreSQL database; {@code port} 5432 unless given. */
    record Shared(String host, int port, String database) implements LedgerAddress {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                    + database;
        }

        @Override
        public Ledger open(Credentials credentials, Duration lockTimeout) {
            return PostgresLedger.open(jdbcUrl(), credentials.user(), credentials.password());
        }

        @Override
        public String describe() {
            return "postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
        }
    }

    Pattern SHARED = Pattern.compile("(?:jdbc:)?postgres(?:ql)?://(?<host>\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)"
            + "(?::(?<port>\\d{1,5}))?/(?<database>[A-Za-z_][A-Za-z0-9_$-]{0,62})");

    /**
     * A shared ledger's address, as {@code --ledger} or a Jenkins setting gives it; {@code credentialsGo} says where
     * the user and password are given instead, in the words of the caller (an option, a form field).
     *
     * @throws InvalidInputException naming {@code field} when it is not one, or holds credentials
     */
    static Shared parseShared(String field, String text, String credentialsGo) {
        String given = text == null ? "" : text.strip();
        if (given.contains("@") || given.contains("?")) {
            throw new InvalidInputException(field, "the ledger address may not hold credentials or parameters (it is "
                    + "seen by every user of the host): give postgresql://host[:port]/database, and the user and "
                    + "password in " + credentialsGo);
        }
        Matcher matcher = SHARED.matcher(given);
        if (!matcher.matches()) {
            throw new InvalidInputException(field, "'" + given.replaceAll("\\p{Cntrl}", "?") + "' is not a ledger "
                    + "address: give postgresql://host[:port]/database (for example postgresql://db.example.com/cdp)");
        }
        String host = matcher.group("host");
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = matcher.group("port") == null ? 5432 : Integer.parseInt(matcher.group("port"));
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(field, "port " + port + " of the ledger address is not a port: give "
                    + "1 to 65535");
        }
        return new Shared(host, port, matcher.group("database"));
    }
}
