package io.cdpipelines.benchmarks;

import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.DeploymentKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A ledger holding 1,000,000 finished deployments over 50,000 keys (project × component × environment), made once
 * per machine under the temporary directory. The schema comes from {@link SqliteLedger} itself; only the bulk rows
 * are inserted here, in one transaction, because a million separate durable commits would take many minutes.
 */
final class MillionDeployments {
    static final int DEPLOYMENTS = 1_000_000;
    static final int KEYS = 50_000;
    private static final String VERSION = "v2";

    private MillionDeployments() {
    }

    static DeploymentKey key(long i) {
        return new DeploymentKey("team-" + (i % 500), "svc-" + (i / 500 % 20), "env-" + (i / 10_000));
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
                fill(connection);
            }
            Files.createFile(done);
            return directory;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the benchmark ledger in " + directory, e);
        }
    }

    private static void fill(Connection connection) throws SQLException {
        String configuration = "{\"variables\":{\"LOG_LEVEL\":\"info\",\"REPLICAS\":\"3\"},\"files\":{},"
                + "\"secrets\":{\"DB_PASSWORD\":\"db\"},\"secretsHash\":\"sha256:"
                + "0".repeat(64) + "\"}";
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deployments (id, project, component,"
                + " environment, data_plane, pipeline, source, revision, repository, digest, kind, restores,"
                + " configuration, result, trigger_kind, requested_by, approved_by, build, started_at, finished_at,"
                + " message) VALUES (?, ?, ?, ?, 'cluster-0', 'standard', NULL, ?, 'registry.example.com/app', ?,"
                + " 'PROMOTION', NULL, ?, 'SUCCEEDED', 'AUTOMATIC', 'ci', NULL, '', ?, ?, 'rolled out')");
             PreparedStatement current = connection.prepareStatement("INSERT INTO current VALUES (?, ?, ?, ?, ?)"
                     + " ON CONFLICT (project, component, environment) DO UPDATE SET current_id = excluded.current_id,"
                     + " last_attempt_id = excluded.last_attempt_id")) {
            long start = 1_700_000_000_000L;
            for (int id = 1; id <= DEPLOYMENTS; id++) {
                DeploymentKey key = key(id % KEYS);
                insert.setLong(1, id);
                insert.setString(2, key.project());
                insert.setString(3, key.component());
                insert.setString(4, key.environment());
                insert.setString(5, "commit-" + id);
                insert.setString(6, "sha256:" + String.format("%064x", id));
                insert.setString(7, configuration);
                insert.setLong(8, start + id * 1000L);
                insert.setLong(9, start + id * 1000L + 500);
                insert.addBatch();
                current.setString(1, key.project());
                current.setString(2, key.component());
                current.setString(3, key.environment());
                current.setLong(4, id);
                current.setLong(5, id);
                current.addBatch();
                if (id % 10_000 == 0) {
                    insert.executeBatch();
                    current.executeBatch();
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMIT");
        }
    }
}
