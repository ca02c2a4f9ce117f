package io.cdpipelines.ledger;

import io.cdpipelines.testcluster.PostgresServer;

import java.nio.file.Path;

/** Opens the ledger a test names by its location: a data directory (SQLite) or a JDBC URL (PostgreSQL). */
public final class TestLedgers {

    private TestLedgers() {
    }

    public static JdbcLedger open(String location) {
        if (location.startsWith("jdbc:postgresql:")) {
            // a process a test started logs in as the test does, and never starts a server of its own
            return PostgresLedger.open(location, PostgresServer.login(), PostgresServer.loginPassword());
        }
        return SqliteLedger.open(Path.of(location));
    }
}
