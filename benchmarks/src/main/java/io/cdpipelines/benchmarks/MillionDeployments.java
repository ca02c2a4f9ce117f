package io.cdpipelines.benchmarks;

import io.cdpipelines.ledger.PostgresLedger;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.Slot;
import io.cdpipelines.testcluster.PostgresServer;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A ledger holding 1,000,000 finished deployments over 50,000 keys (project × component × environment), on either
 * backend. The schema comes from the ledger itself (its versioned scripts); only the bulk rows are written here, in
 * one go, because a million separate durable commits would take many minutes. The SQLite one is made once per machine
 * under the temporary directory; the PostgreSQL one once per server (the tests' server, left running), with COPY.
 */
final class MillionDeployments {
    static final int DEPLOYMENTS = 1_000_000;
    static final int KEYS = 50_000;
    private static final String VERSION = "v2";
    private static final String CONFIGURATION = "{\"variables\":{\"LOG_LEVEL\":\"info\",\"REPLICAS\":\"3\"},"
            + "\"files\":{},\"secrets\":{\"DB_PASSWORD\":\"db\"},\"secretsHash\":\"sha256:" + "0".repeat(64) + "\"}";
    private static final long START = 1_700_000_000_000L;
    private static String postgresDatabase;

    private MillionDeployments() {
    }

    static Slot key(long i) {
        return new Slot("team-" + (i % 500), "svc-" + (i / 500 % 20), "env-" + (i / 10_000));
    }

    /** The last deployment of key {@code k}: every key gets one in {@code KEYS}, so the last is near the end. */
    private static long lastOf(long k) {
        return k == 0 ? DEPLOYMENTS : DEPLOYMENTS - KEYS + k;
    }

    static synchronized Path dataDirectory() {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "cdp-bench-ledger-" + VERSION);
        Path done = directory.resolve("complete");
        if (Files.exists(done)) {
            return directory;
        }
        try {
            if (Files.exists(directory)) {
                try (var files = Files.list(directory)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
            SqliteLedger.open(directory).close();
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:"
                    + directory.resolve(SqliteLedger.FILE_NAME))) {
                fillSqlite(connection);
            }
            Files.createFile(done);
            return directory;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the benchmark ledger in " + directory, e);
        }
    }

    /**
     * The database of the tests' PostgreSQL server that holds the million deployments, made once per server (a table
     * {@code bench_complete} marks it whole); its JDBC URL.
     */
    static synchronized String postgresDatabase() {
        if (postgresDatabase != null) {
            return postgresDatabase;
        }
        PostgresServer server = PostgresServer.get();
        String name = "cdp_bench_million_" + VERSION;
        String url = server.urlOf(name);
        try (Connection connection = server.connect(url); Statement statement = connection.createStatement();
             var complete = statement.executeQuery("SELECT to_regclass('bench_complete') IS NOT NULL")) {
            if (complete.next() && complete.getBoolean(1)) {
                postgresDatabase = url;
                return url;
            }
        } catch (SQLException notThere) {
            // made below
        }
        server.freshDatabase(name);
        PostgresLedger.open(url, server.user(), server.password()).close();
        try (Connection connection = server.connect(url)) {
            fillPostgres(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE bench_complete ()");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot build the benchmark ledger in " + url, e);
        }
        postgresDatabase = url;
        return url;
    }

    private static void fillSqlite(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deployments (id, project, component,"
                + " environment, data_plane, pipeline, source, revision, repository, digest, kind, restores,"
                + " configuration, result, trigger_kind, requested_by, approved_by, build, started_at, finished_at,"
                + " message) VALUES (?, ?, ?, ?, 'cluster-0', 'standard', NULL, ?, 'registry.example.com/app', ?,"
                + " 'PROMOTION', NULL, ?, 'SUCCEEDED', 'AUTOMATIC', 'ci', NULL, '', ?, ?, 'rolled out')");
             PreparedStatement current = connection.prepareStatement("INSERT INTO current VALUES (?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= DEPLOYMENTS; id++) {
                Slot key = key(id % KEYS);
                insert.setLong(1, id);
                insert.setString(2, key.project());
                insert.setString(3, key.component());
                insert.setString(4, key.environment());
                insert.setString(5, "commit-" + id);
                insert.setString(6, digest(id));
                insert.setString(7, CONFIGURATION);
                insert.setLong(8, START + id * 1000L);
                insert.setLong(9, START + id * 1000L + 500);
                insert.addBatch();
                if (id % 10_000 == 0) {
                    insert.executeBatch();
                }
            }
            for (int k = 0; k < KEYS; k++) {
                Slot key = key(k);
                current.setString(1, key.project());
                current.setString(2, key.component());
                current.setString(3, key.environment());
                current.setLong(4, lastOf(k));
                current.setLong(5, lastOf(k));
                current.addBatch();
            }
            current.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMIT");
        }
    }

    private static void fillPostgres(Connection connection) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= DEPLOYMENTS; id++) {
            Slot key = key(id % KEYS);
            rows.append(id).append('\t').append(key.project()).append('\t').append(key.component()).append('\t')
                    .append(key.environment()).append("\tcluster-0\tstandard\t\\N\tcommit-").append(id)
                    .append("\tregistry.example.com/app\t").append(digest(id)).append("\tPROMOTION\t\\N\t")
                    .append(CONFIGURATION).append("\tSUCCEEDED\tAUTOMATIC\tci\t\\N\t\t").append(START + id * 1000L)
                    .append('\t').append(START + id * 1000L + 500).append("\trolled out\n");
            if (id % 100_000 == 0) {
                copy.copyIn("COPY deployments (id, project, component, environment, data_plane, pipeline, source,"
                        + " revision, repository, digest, kind, restores, configuration, result, trigger_kind,"
                        + " requested_by, approved_by, build, started_at, finished_at, message) FROM STDIN",
                        new StringReader(rows.toString()));
                rows.setLength(0);
            }
        }
        for (int k = 0; k < KEYS; k++) {
            Slot key = key(k);
            rows.append(key.project()).append('\t').append(key.component()).append('\t').append(key.environment())
                    .append('\t').append(lastOf(k)).append('\t').append(lastOf(k)).append('\n');
        }
        copy.copyIn("COPY current (project, component, environment, current_id, last_attempt_id) FROM STDIN",
                new StringReader(rows.toString()));
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT setval(pg_get_serial_sequence('deployments', 'id'), " + DEPLOYMENTS + ")");
            statement.execute("ANALYZE");
        }
    }

    private static String digest(long id) {
        return "sha256:" + String.format("%064x", id);
    }
}
