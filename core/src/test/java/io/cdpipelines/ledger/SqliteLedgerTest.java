package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded ledger: the contract of every backend, and what belongs to a ledger file. */
public class SqliteLedgerTest extends LedgerContractTest {

    @TempDir
    Path dataDirectory;

    @Override
    String newLocation() {
        return dataDirectory.toString();
    }

    @Test
    void aLedgerFileEmptiedOrWithoutItsTablesIsRefusedNotStartedAfresh() throws Exception {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            LedgerWriter.write(ledger, "cart", 0);
        }
        Path file = dataDirectory.resolve(SqliteLedger.FILE_NAME);
        Files.write(file, new byte[0]);
        for (int attempt = 0; attempt < 2; attempt++) { // refused every time, and left as it was
            assertThatThrownBy(() -> SqliteLedger.open(dataDirectory)).isInstanceOf(LedgerException.class)
                    .hasMessage("the ledger " + file + " is there but holds no ledger (it was emptied, or lost its "
                            + "tables), so its history is gone: restore it from a backup; to start an empty ledger "
                            + "instead, move the file away");
            assertThat(Files.size(file)).isZero();
        }
        Files.delete(file);
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file)) { // some other database
            other.createStatement().execute("CREATE TABLE notes (text TEXT)");
        }
        assertThatThrownBy(() -> SqliteLedger.open(dataDirectory)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("is there but holds no ledger");
        Files.delete(file);
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) { // moved away: a new, empty ledger
            assertThat(ledger.recentDeployments(10)).isEmpty();
        }
    }

    @Test
    void aFullDiskOrAReadOnlyLedgerIsSaidInWords() {
        Path file = dataDirectory.resolve(SqliteLedger.FILE_NAME);
        assertThat(SqliteLedger.failure(file, "finish deployment #7", new java.sql.SQLException(
                "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"),
                Duration.ofSeconds(30))).hasMessage("the disk holding the ledger " + file + " is full, so it could "
                + "not finish deployment #7 (nothing of it was written): free space there, then run again");
        assertThat(SqliteLedger.failure(file, "record release r1", new java.sql.SQLException(
                "[SQLITE_READONLY] Attempt to write a readonly database (attempt to write a readonly database)"),
                Duration.ofSeconds(30))).hasMessageContaining("is read-only, so it could not record release r1");
    }

    @Test
    void unwritableDataDirectoryIsAClearError() throws Exception {
        Path file = Files.writeString(dataDirectory.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> SqliteLedger.open(file.resolve("ledger")))
                .isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("cannot create the data directory " + file.resolve("ledger"))
                .hasMessageEndingWith("choose a writable directory");
    }

    @Test
    void storeIsARealSqliteDatabaseInWalMode() throws Exception {
        SqliteLedger.open(dataDirectory).close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve(SqliteLedger.FILE_NAME));
             ResultSet mode = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void theSchemaComesFromVersionedScriptsAppliedOnceAndANewerLedgerIsRefused() throws Exception {
        Path file = dataDirectory.resolve(SqliteLedger.FILE_NAME);
        // a ledger made before the schema history: the statements of version 1, no history table
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            String v1 = new String(SqliteLedger.class.getResourceAsStream("sqlite/V1__ledger.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            statement.executeUpdate(v1.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b));
            assertThat(statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'schema_history'")
                    .getInt(1)).isZero();
        }
        Deployment written;
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            written = LedgerWriter.write(ledger, "cart", 0);
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            ResultSet history = statement.executeQuery("SELECT version, description FROM schema_history"
                    + " ORDER BY version");
            List<String> applied = new ArrayList<>();
            while (history.next()) {
                applied.add(history.getInt(1) + " " + history.getString(2));
            }
            assertThat(applied).containsExactly("1 ledger", "2 deployments under way", "3 abandoned result",
                    "4 approvals");
            // what versions before the schema history read to refuse a newer ledger
            assertThat(statement.executeQuery("SELECT value FROM meta WHERE key = 'schema'").getString(1))
                    .isEqualTo("4");
            assertThat(statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                    + " AND name = 'deployments_under_way_by_slot'").getInt(1)).isEqualTo(1);
            statement.executeUpdate("INSERT INTO schema_history VALUES (5, 'from the future', 'x', 0)");
        }
        assertThatThrownBy(() -> SqliteLedger.open(dataDirectory)).isInstanceOf(LedgerException.class)
                .hasMessage("the ledger " + file + " was written by a newer version (schema 5, this installation "
                        + "knows 4); upgrade this installation");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM schema_history WHERE version = 5");
            statement.executeUpdate("UPDATE schema_history SET checksum = 'edited' WHERE version = 1");
        }
        assertThatThrownBy(() -> SqliteLedger.open(dataDirectory)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("had sqlite schema script V1 applied in another form");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM schema_history");
        }
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) { // nothing was lost on the way
            assertThat(ledger.deployment(written.id())).contains(written);
        }
    }

    @Test
    void deploymentsThatEarlierVersionsRecordedAbandonedAsFailuresBecomeAbandoned() throws Exception {
        Deployment abandonedBefore;
        Deployment failedBefore;
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            abandonedBefore = LedgerWriter.write(ledger, "cart", 0);
            failedBefore = LedgerWriter.write(ledger, "cart", 1);
        }
        Path file = dataDirectory.resolve(SqliteLedger.FILE_NAME);
        // as version 2 left them: FAILED, the one abandoned told by its message alone
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE deployments SET result = 'FAILED', message = 'abandoned: process 42 on "
                    + "ci-7 ended during the deployment' WHERE id = " + abandonedBefore.id());
            statement.executeUpdate("UPDATE deployments SET result = 'FAILED', message = 'rollout timed out' WHERE id = "
                    + failedBefore.id());
            statement.executeUpdate("DELETE FROM schema_history WHERE version = 3");
        }
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            Deployment abandoned = ledger.deployment(abandonedBefore.id()).orElseThrow();
            assertThat(abandoned.result()).isEqualTo(DeploymentResult.ABANDONED);
            assertThat(abandoned.abandoned()).isTrue();
            assertThat(abandoned.message()).isEqualTo("abandoned: process 42 on ci-7 ended during the deployment");
            assertThat(ledger.deployment(failedBefore.id()).orElseThrow().result()).isEqualTo(DeploymentResult.FAILED);
        }
    }

    public static Deployment draft(Slot key) {
        return new Deployment(0, key, "eu", "standard", null, "c", Organizations.image(1),
                io.cdpipelines.model.DeploymentKind.PROMOTION, null,
                io.cdpipelines.model.ConfigurationSnapshot.of(io.cdpipelines.model.Configuration.EMPTY),
                DeploymentResult.IN_PROGRESS, io.cdpipelines.model.Trigger.MANUAL, "t", null, "", Instant.now(), null, "");
    }
}
