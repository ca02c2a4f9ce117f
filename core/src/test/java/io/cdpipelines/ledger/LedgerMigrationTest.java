package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.testcluster.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.cdpipelines.ledger.SqliteLedgerTest.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving the embedded ledger into a shared one: everything arrives, numbers kept, or nothing does. */
class LedgerMigrationTest {
    @TempDir
    Path dataDirectory;

    @Test
    void everyRecordArrivesWithItsNumberAndTheSharedLedgerNumbersOn() {
        String target = PostgresServer.get().newDatabase();
        try (SqliteLedger from = SqliteLedger.open(dataDirectory); JdbcLedger to = TestLedgers.open(target)) {
            for (int i = 0; i < 30; i++) {
                LedgerWriter.write(from, i % 3 == 0 ? "api" : "cart", i);
            }
            Slot failing = new Slot("team-a", "web", "dev");
            try (SlotClaim claim = from.claim(failing, "t", Duration.ofSeconds(5))) {
                Deployment started = from.startDeployment(claim, draft(failing));
                from.finishDeployment(claim, started.id(), DeploymentResult.FAILED, "not ready", Instant.now());
            }
            var waiting = from.requestApproval(io.cdpipelines.model.ApprovalRequest.draft(new Slot("team-a", "cart",
                    "production"), "standard", "commit-1", io.cdpipelines.model.ImageDigest.of("sha256:"
                    + "4f3c2b1a".repeat(8)), "bob", Instant.parse("2026-11-27T10:00:00Z")));
            LedgerMigration.Report report = LedgerMigration.copy(from, to, "sqlite", "postgresql");
            assertThat(report.rows()).isEqualTo(Map.of("releases", 30L, "deployments", 31L, "current", 5L,
                    "approvals", 1L));
            assertThat(to.pendingApprovals(Optional.empty())).containsExactly(waiting);
            assertThat(to.requestApproval(io.cdpipelines.model.ApprovalRequest.draft(new Slot("team-a", "api",
                    "production"), "standard", "commit-0", waiting.digest(), "bob", Instant.now())).id())
                    .isEqualTo(waiting.id() + 1);
            assertThat(to.recentDeployments(100)).isEqualTo(from.recentDeployments(100));
            assertThat(to.board(Optional.empty())).isEqualTo(from.board(Optional.empty()));
            assertThat(to.lastAttemptsBesideTheBoard(Optional.empty()))
                    .isEqualTo(from.lastAttemptsBesideTheBoard(Optional.empty()));
            assertThat(to.releases("team-a", "cart", 100)).isEqualTo(from.releases("team-a", "cart", 100));
            assertThat(LedgerWriter.write(to, "cart", 99).id()).isEqualTo(32);
        }
    }

    @Test
    void aDeploymentUnderWayOrATargetWithRecordsIsRefusedAndNothingMoves() {
        String target = PostgresServer.get().newDatabase();
        try (SqliteLedger from = SqliteLedger.open(dataDirectory); JdbcLedger to = TestLedgers.open(target)) {
            LedgerWriter.write(from, "cart", 0);
            Slot key = new Slot("team-a", "cart", "staging");
            try (SlotClaim claim = from.claim(key, "t", Duration.ofSeconds(5))) {
                from.startDeployment(claim, draft(key));
                assertThatThrownBy(() -> LedgerMigration.copy(from, to, "the file", "the database"))
                        .isInstanceOf(LedgerException.class)
                        .hasMessage("a deployment is under way in the file: let it finish (or resume it), then move "
                                + "the ledger");
            }
            assertThat(to.recentDeployments(10)).isEmpty();

            LedgerWriter.write(to, "api", 1);
            try (SqliteLedger other = SqliteLedger.open(dataDirectory.resolve("other"))) {
                LedgerWriter.write(other, "cart", 0);
                assertThatThrownBy(() -> LedgerMigration.copy(other, to, "the file", "the database"))
                        .hasMessage("the ledger the database holds records already (releases): move a ledger only "
                                + "into an empty one");
            }
            assertThat(to.recentDeployments(10)).hasSize(1);
        }
    }
}
