package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKey;
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

public class SqliteLedgerTest {

    @TempDir
    Path dataDirectory;

    @Test
    void recordsSurviveReopening() {
        Deployment written;
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            written = LedgerWriter.write(ledger, "cart", 0);
        }
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            assertThat(ledger.deployment(written.id())).contains(written);
            assertThat(ledger.current(written.key())).contains(written);
            assertThat(ledger.release("team-a", "cart", "commit-0")).isPresent();
            assertThat(written.duration()).isPresent();
            assertThat(written.message()).isEqualTo("ok 0");
        }
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
    void currentHistoryAndBoard() {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            for (int i = 0; i < 6; i++) {
                LedgerWriter.write(ledger, i < 4 ? "cart" : "api", i);
            }
            DeploymentKey cartDev = new DeploymentKey("team-a", "cart", "dev");
            assertThat(ledger.current(cartDev).orElseThrow().revision()).isEqualTo("commit-2");
            assertThat(ledger.history(cartDev, 10)).extracting(Deployment::revision)
                    .containsExactly("commit-2", "commit-0");
            assertThat(ledger.historyOfEnvironment("staging", 2)).extracting(Deployment::revision)
                    .containsExactly("commit-5", "commit-3");
            assertThat(ledger.recentDeployments(3)).extracting(Deployment::revision)
                    .containsExactly("commit-5", "commit-4", "commit-3");
            assertThat(ledger.board(Optional.empty())).extracting(d -> d.key().component() + "@" + d.environment()
                    + "=" + d.revision()).containsExactly("api@dev=commit-4", "api@staging=commit-5",
                    "cart@dev=commit-2", "cart@staging=commit-3");
        }
    }

    @Test
    void projectQueriesIncludeNestedProjectsOnly() {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            for (String project : List.of("team-a", "team-a/shop", "team-ab", "team-a-old")) {
                for (String environment : List.of("dev", "staging")) {
                    DeploymentKey key = new DeploymentKey(project, "cart", environment);
                    try (EnvironmentClaim claim = ledger.claim(key, "t", Duration.ofSeconds(1))) {
                        Deployment started = ledger.startDeployment(claim, draft(key));
                        ledger.finishDeployment(claim, started.id(), DeploymentResult.SUCCEEDED, "", Instant.now());
                    }
                }
            }
            assertThat(ledger.historyOfProject("team-a", 10)).extracting(d -> d.key().project() + "@" + d.environment())
                    .containsExactly("team-a/shop@staging", "team-a/shop@dev", "team-a@staging", "team-a@dev");
            assertThat(ledger.historyOfEnvironment("staging", "team-a", 10))
                    .extracting(d -> d.key().project() + "@" + d.environment())
                    .containsExactly("team-a/shop@staging", "team-a@staging");
            // the limit applies to what matches, not to the environment's whole history
            assertThat(ledger.historyOfEnvironment("dev", "team-a", 1)).extracting(d -> d.key().project())
                    .containsExactly("team-a/shop");
            assertThat(ledger.board(Optional.of("team-a"))).extracting(d -> d.key().project() + "@" + d.environment())
                    .containsExactly("team-a@dev", "team-a@staging", "team-a/shop@dev", "team-a/shop@staging");
        }
    }

    @Test
    void failedDeploymentKeepsTheCurrentOneButIsTheLastAttempt() {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            Deployment ok = LedgerWriter.write(ledger, "cart", 0);
            try (EnvironmentClaim claim = ledger.claim(ok.key(), "t", Duration.ofSeconds(1))) {
                Deployment started = ledger.startDeployment(claim, draft(ok.key()));
                ledger.finishDeployment(claim, started.id(), DeploymentResult.FAILED, "not ready", Instant.now());
            }
            var state = ledger.stateOf(ok.key());
            assertThat(state.current().orElseThrow().id()).isEqualTo(ok.id());
            assertThat(state.lastAttempt().orElseThrow().result()).isEqualTo(DeploymentResult.FAILED);
            assertThat(state.healthyWith(ok.image().digest())).isFalse();
            // the board shows what runs; beside it, the failed last attempt, and a slot that never succeeded
            assertThat(ledger.board(Optional.empty())).extracting(Deployment::id).containsExactly(ok.id());
            DeploymentKey neverRan = new DeploymentKey("team-a", "api", "dev");
            try (EnvironmentClaim claim = ledger.claim(neverRan, "t", Duration.ofSeconds(1))) {
                Deployment started = ledger.startDeployment(claim, draft(neverRan));
                ledger.finishDeployment(claim, started.id(), DeploymentResult.FAILED, "no image", Instant.now());
            }
            assertThat(ledger.lastAttemptsBesideTheBoard(Optional.empty()))
                    .extracting(d -> d.key().component() + "@" + d.environment() + "=" + d.result())
                    .containsExactly("api@dev=FAILED", "cart@dev=FAILED");
            assertThat(ledger.lastAttemptsBesideTheBoard(Optional.of("team-b"))).isEmpty();
            LedgerWriter.write(ledger, "cart", 2);
            assertThat(ledger.lastAttemptsBesideTheBoard(Optional.empty())).extracting(d -> d.key().component())
                    .containsExactly("api");
        }
    }

    @Test
    void cachedStateFollowsCommitsOfAnotherConnection() {
        try (SqliteLedger mine = SqliteLedger.open(dataDirectory); SqliteLedger theirs = SqliteLedger.open(dataDirectory)) {
            Deployment first = LedgerWriter.write(mine, "cart", 0);
            assertThat(mine.current(first.key())).contains(first);
            assertThat(theirs.current(first.key())).contains(first);
            Deployment second = LedgerWriter.write(theirs, "cart", 2);
            assertThat(second.key()).isEqualTo(first.key());
            assertThat(mine.current(first.key())).contains(second);
            assertThat(mine.stateOf(first.key()).lastAttempt()).contains(second);
        }
    }

    @Test
    void secondClaimWaitsBoundedAndNamesTheHolder() {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            DeploymentKey key = new DeploymentKey("team-a", "cart", "dev");
            try (EnvironmentClaim held = ledger.claim(key, "alice", Duration.ofSeconds(1))) {
                assertThat(held.key()).isEqualTo(key);
                assertThatThrownBy(() -> ledger.claim(key, "bob", Duration.ofMillis(200)))
                        .isInstanceOf(EnvironmentBusyException.class)
                        .hasMessageStartingWith("dev is busy for team-a/cart: a deployment by alice has held it since");
                ledger.claim(new DeploymentKey("team-a", "cart", "staging"), "bob", Duration.ZERO).close();
            }
            ledger.claim(key, "bob", Duration.ZERO).close();
        }
    }

    @Test
    void startingWithoutTheClaimIsRefused() {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            DeploymentKey key = new DeploymentKey("team-a", "cart", "dev");
            EnvironmentClaim claim = ledger.claim(key, "alice", Duration.ofSeconds(1));
            claim.close();
            assertThatThrownBy(() -> ledger.startDeployment(claim, draft(key)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer held");
        }
    }

    @Test
    void claimOfAProcessThatDiedIsTakenOverAndItsDeploymentMarkedFailed() throws Exception {
        Process child = ChildJvm.start(ClaimHolder.class, dataDirectory.toString());
        BufferedReader output = ChildJvm.output(child);
        assertThat(output.readLine()).isEqualTo("holding");
        child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            DeploymentKey key = new DeploymentKey("team-a", "cart", "dev");
            ledger.claim(key, "bob", Duration.ofSeconds(5)).close();
            Deployment abandoned = ledger.history(key, 1).get(0);
            assertThat(abandoned.result()).isEqualTo(DeploymentResult.FAILED);
            assertThat(abandoned.message()).startsWith("abandoned: process " + child.pid());
            assertThat(abandoned.abandoned()).isTrue();
            assertThat(ledger.stateOf(key).lastAttempt()).contains(abandoned);
        }
    }

    @Test
    void twoProcessesShareOneDataDirectory() throws Exception {
        int each = 40;
        Process first = ChildJvm.start(LedgerWriter.class, dataDirectory.toString(), "cart", Integer.toString(each));
        Process second = ChildJvm.start(LedgerWriter.class, dataDirectory.toString(), "cart", Integer.toString(each));
        List<Long> acknowledged = new ArrayList<>();
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            for (int i = 0; i < each; i++) {
                acknowledged.add(LedgerWriter.write(ledger, "api", i).id());
            }
            for (Process process : List.of(first, second)) {
                BufferedReader output = ChildJvm.output(process);
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.startsWith("ack ")) {
                        acknowledged.add(Long.parseLong(line.split(" ")[1]));
                    }
                }
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
            }
            assertThat(acknowledged).hasSize(3 * each).doesNotHaveDuplicates();
            for (long id : acknowledged) {
                assertThat(ledger.deployment(id)).get().extracting(Deployment::result).isEqualTo(DeploymentResult.SUCCEEDED);
            }
            // both writers recorded the same revisions of cart: the release was recorded once
            assertThat(ledger.releases("team-a", "cart", 1000)).hasSize(each);
        }
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
            ResultSet history = statement.executeQuery("SELECT version, description FROM schema_history");
            assertThat(history.next()).isTrue();
            assertThat(history.getInt(1)).isEqualTo(1);
            assertThat(history.getString(2)).isEqualTo("ledger");
            assertThat(history.next()).isFalse();
            statement.executeUpdate("INSERT INTO schema_history VALUES (2, 'from the future', 'x', 0)");
        }
        assertThatThrownBy(() -> SqliteLedger.open(dataDirectory)).isInstanceOf(LedgerException.class)
                .hasMessage("the ledger " + file + " was written by a newer version (schema 2, this installation "
                        + "knows 1); upgrade this installation");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM schema_history WHERE version = 2");
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

    public static Deployment draft(DeploymentKey key) {
        return new Deployment(0, key, "eu", "standard", null, "c", Organizations.image(1),
                io.cdpipelines.model.DeploymentKind.PROMOTION, null,
                io.cdpipelines.model.ConfigurationSnapshot.of(io.cdpipelines.model.Configuration.EMPTY),
                DeploymentResult.IN_PROGRESS, io.cdpipelines.model.Trigger.MANUAL, "t", null, "", Instant.now(), null, "");
    }
}
