package io.cdpipelines.ledger;

import io.cdpipelines.testcluster.PostgresServer;

import java.nio.file.Path;

/** Opens the ledger a test names by its location: a data directory (SQLite) or a JDBC URL (PostgreSQL). */
public final class TestLedgers {

    private TestLedgers() {
    }

    public static JdbcLedger open(String location) {
        if (location.startsWith("jdbc:postgresql:")) {
            PostgresServer server = PostgresServer.get();
            return PostgresLedger.open(location, server.user(), server.password());
        }
        return SqliteLedger.open(Path.of(location));
    }
}
