package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.cdpipelines.ledger.SqliteLedgerTest.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every ledger backend guarantees, run against each (SQLite, PostgreSQL) by a subclass that says where a fresh
 * ledger lives: durable records, history and board queries, one deployment per slot across processes, a dead
 * holder's claim taken over and its deployment recorded abandoned, resume, retirement.
 */
abstract class LedgerContractTest {
    /** Where this test's ledger lives: a data directory or a JDBC URL, as child processes open it too. */
    String location;

    /** A fresh, empty ledger's location. */
    abstract String newLocation() throws Exception;

    @BeforeEach
    void newLedger() throws Exception {
        location = newLocation();
    }

    JdbcLedger open() {
        return TestLedgers.open(location);
    }

    @Test
    void recordsSurviveReopening() {
        Deployment written;
        try (JdbcLedger ledger = open()) {
            written = LedgerWriter.write(ledger, "cart", 0);
        }
        try (JdbcLedger ledger = open()) {
            assertThat(ledger.deployment(written.id())).contains(written);
            assertThat(ledger.current(written.slot())).contains(written);
            assertThat(ledger.release("team-a", "cart", "commit-0")).isPresent();
            assertThat(written.duration()).isPresent();
            assertThat(written.message()).isEqualTo("ok 0");
        }
    }

    @Test
    void approvalsAreRecordedOneWaitingPerSlotAndDecidedOnce() {
        var slot = new io.cdpipelines.model.Slot("team-a", "cart", "production");
        var digest = io.cdpipelines.model.ImageDigest.of("sha256:" + "4f3c2b1a".repeat(8));
        java.time.Instant at = java.time.Instant.parse("2026-11-27T10:00:00Z");
        io.cdpipelines.model.ApprovalRequest requested;
        try (JdbcLedger ledger = open()) {
            requested = ledger.requestApproval(io.cdpipelines.model.ApprovalRequest.draft(slot, "standard", "r1",
                    digest, "bob", at));
            assertThat(requested.id()).isPositive();
            assertThat(requested.pending()).isTrue();
            assertThatThrownBy(() -> ledger.requestApproval(io.cdpipelines.model.ApprovalRequest.draft(slot,
                    "standard", "r2", digest, "carol", at))).isInstanceOf(ApprovalStateException.class)
                    .hasMessage("approval #" + requested.id() + " of cart r1 to production, requested by bob waits "
                            + "already: decide or withdraw it first");
        }
        try (JdbcLedger ledger = open()) { // kept
            assertThat(ledger.pendingApprovals(java.util.Optional.of("team-a"))).containsExactly(requested);
            assertThat(ledger.pendingApprovals(java.util.Optional.of("team-b"))).isEmpty();
            var approved = ledger.decideApproval(requested.id(), io.cdpipelines.model.ApprovalDecision.APPROVED,
                    "alice", java.util.Set.of("release-managers"), at.plusSeconds(60));
            assertThat(approved.decision()).contains(io.cdpipelines.model.ApprovalDecision.APPROVED);
            assertThat(approved.decidedGroups()).containsExactly("release-managers");
            assertThat(approved.decidedAt()).isEqualTo(at.plusSeconds(60));
            // decided once: a second decision (another host's, meanwhile) is refused and changes nothing
            assertThatThrownBy(() -> ledger.decideApproval(requested.id(),
                    io.cdpipelines.model.ApprovalDecision.REJECTED, "erin", java.util.Set.of(), at))
                    .isInstanceOf(ApprovalStateException.class).hasMessageContaining("is decided already");
            assertThat(ledger.approval(requested.id())).contains(approved);
            assertThat(ledger.pendingApprovals(java.util.Optional.empty())).isEmpty();
            // the slot takes a new request once the last is decided
            var next = ledger.requestApproval(io.cdpipelines.model.ApprovalRequest.draft(slot, "standard", "r2",
                    digest, "bob", at));
            assertThat(ledger.approvals("team-a", 10)).extracting(io.cdpipelines.model.ApprovalRequest::id)
                    .containsExactly(next.id(), requested.id());
        }
    }

    @Test
    void currentHistoryAndBoard() {
        try (JdbcLedger ledger = open()) {
            for (int i = 0; i < 6; i++) {
                LedgerWriter.write(ledger, i < 4 ? "cart" : "api", i);
            }
            Slot cartDev = new Slot("team-a", "cart", "dev");
            assertThat(ledger.current(cartDev).orElseThrow().revision()).isEqualTo("commit-2");
            assertThat(ledger.history(cartDev, 10)).extracting(Deployment::revision)
                    .containsExactly("commit-2", "commit-0");
            assertThat(ledger.historyOfEnvironment("staging", 2)).extracting(Deployment::revision)
                    .containsExactly("commit-5", "commit-3");
            assertThat(ledger.recentDeployments(3)).extracting(Deployment::revision)
                    .containsExactly("commit-5", "commit-4", "commit-3");
            assertThat(ledger.board(Optional.empty())).extracting(d -> d.slot().component() + "@" + d.environment()
                    + "=" + d.revision()).containsExactly("api@dev=commit-4", "api@staging=commit-5",
                    "cart@dev=commit-2", "cart@staging=commit-3");
        }
    }

    @Test
    void projectQueriesIncludeNestedProjectsOnly() {
        try (JdbcLedger ledger = open()) {
            for (String project : List.of("team-a", "team-a/shop", "team-ab", "team-a-old")) {
                for (String environment : List.of("dev", "staging")) {
                    Slot key = new Slot(project, "cart", environment);
                    try (SlotClaim claim = ledger.claim(key, "t", Duration.ofSeconds(1))) {
                        Deployment started = ledger.startDeployment(claim, draft(key));
                        ledger.finishDeployment(claim, started.id(), DeploymentResult.SUCCEEDED, "", Instant.now());
                    }
                }
            }
            assertThat(ledger.historyOfProject("team-a", 10)).extracting(d -> d.slot().project() + "@" + d.environment())
                    .containsExactly("team-a/shop@staging", "team-a/shop@dev", "team-a@staging", "team-a@dev");
            assertThat(ledger.historyOfEnvironment("staging", "team-a", 10))
                    .extracting(d -> d.slot().project() + "@" + d.environment())
                    .containsExactly("team-a/shop@staging", "team-a@staging");
            // the limit applies to what matches, not to the environment's whole history
            assertThat(ledger.historyOfEnvironment("dev", "team-a", 1)).extracting(d -> d.slot().project())
                    .containsExactly("team-a/shop");
            assertThat(ledger.board(Optional.of("team-a"))).extracting(d -> d.slot().project() + "@" + d.environment())
                    .containsExactly("team-a@dev", "team-a@staging", "team-a/shop@dev", "team-a/shop@staging");
        }
    }

    @Test
    void failedDeploymentKeepsTheCurrentOneButIsTheLastAttempt() {
        try (JdbcLedger ledger = open()) {
            Deployment ok = LedgerWriter.write(ledger, "cart", 0);
            try (SlotClaim claim = ledger.claim(ok.slot(), "t", Duration.ofSeconds(1))) {
                Deployment started = ledger.startDeployment(claim, draft(ok.slot()));
                ledger.finishDeployment(claim, started.id(), DeploymentResult.FAILED, "not ready", Instant.now());
            }
            var state = ledger.stateOf(ok.slot());
            assertThat(state.current().orElseThrow().id()).isEqualTo(ok.id());
            assertThat(state.lastAttempt().orElseThrow().result()).isEqualTo(DeploymentResult.FAILED);
            assertThat(state.healthyWith(ok.image().digest())).isFalse();
            // the board shows what runs; beside it, the failed last attempt, and a slot that never succeeded
            assertThat(ledger.board(Optional.empty())).extracting(Deployment::id).containsExactly(ok.id());
            Slot neverRan = new Slot("team-a", "api", "dev");
            try (SlotClaim claim = ledger.claim(neverRan, "t", Duration.ofSeconds(1))) {
                Deployment started = ledger.startDeployment(claim, draft(neverRan));
                ledger.finishDeployment(claim, started.id(), DeploymentResult.FAILED, "no image", Instant.now());
            }
            assertThat(ledger.lastAttemptsBesideTheBoard(Optional.empty()))
                    .extracting(d -> d.slot().component() + "@" + d.environment() + "=" + d.result())
                    .containsExactly("api@dev=FAILED", "cart@dev=FAILED");
            assertThat(ledger.lastAttemptsBesideTheBoard(Optional.of("team-b"))).isEmpty();
            LedgerWriter.write(ledger, "cart", 2);
            assertThat(ledger.lastAttemptsBesideTheBoard(Optional.empty())).extracting(d -> d.slot().component())
                    .containsExactly("api");
        }
    }

    @Test
    void cachedStateFollowsCommitsOfAnotherConnection() {
        try (JdbcLedger mine = open(); JdbcLedger theirs = open()) {
            Deployment first = LedgerWriter.write(mine, "cart", 0);
            assertThat(mine.current(first.slot())).contains(first);
            assertThat(theirs.current(first.slot())).contains(first);
            Deployment second = LedgerWriter.write(theirs, "cart", 2);
            assertThat(second.slot()).isEqualTo(first.slot());
            // under a claim the state is read fresh, at once
            try (SlotClaim claim = mine.claim(first.slot(), "t", Duration.ofSeconds(5))) {
                assertThat(mine.current(first.slot())).contains(second);
            }
            Deployment third = LedgerWriter.write(theirs, "cart", 4);
            // without one, the cache follows the other connection's commit (PostgreSQL tells it within milliseconds)
            Instant deadline = Instant.now().plusSeconds(2);
            while (!mine.current(first.slot()).equals(Optional.of(third)) && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            assertThat(mine.current(first.slot())).contains(third);
            assertThat(mine.stateOf(first.slot()).lastAttempt()).contains(third);
        }
    }

    @Test
    void secondClaimWaitsBoundedAndNamesTheHolder() {
        try (JdbcLedger ledger = open()) {
            Slot key = new Slot("team-a", "cart", "dev");
            try (SlotClaim held = ledger.claim(key, "alice", Duration.ofSeconds(1))) {
                assertThat(held.slot()).isEqualTo(key);
                assertThatThrownBy(() -> ledger.claim(key, "bob", Duration.ofMillis(200)))
                        .isInstanceOf(SlotBusyException.class)
                        .hasMessageStartingWith("dev is busy for team-a/cart: a deployment by alice (process "
                                + ProcessHandle.current().pid() + " on ")
                        .hasMessageContaining(") has held it since ");
                ledger.claim(new Slot("team-a", "cart", "staging"), "bob", Duration.ZERO).close();
            }
            ledger.claim(key, "bob", Duration.ZERO).close();
        }
    }

    @Test
    void startingWithoutTheClaimIsRefused() {
        try (JdbcLedger ledger = open()) {
            Slot key = new Slot("team-a", "cart", "dev");
            SlotClaim claim = ledger.claim(key, "alice", Duration.ofSeconds(1));
            claim.close();
            assertThatThrownBy(() -> ledger.startDeployment(claim, draft(key)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer held");
        }
    }

    @Test
    void claimOfAProcessThatDiedIsTakenOverAndItsDeploymentMarkedFailed() throws Exception {
        Process child = ChildJvm.start(ClaimHolder.class, location);
        BufferedReader output = ChildJvm.output(child);
        assertThat(output.readLine()).isEqualTo("holding");
        child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        try (JdbcLedger ledger = open()) {
            Slot key = new Slot("team-a", "cart", "dev");
            ledger.claim(key, "bob", Duration.ofSeconds(5)).close();
            Deployment abandoned = ledger.history(key, 1).get(0);
            assertThat(abandoned.result()).isEqualTo(DeploymentResult.ABANDONED);
            assertThat(abandoned.message()).startsWith("abandoned: process " + child.pid());
            assertThat(abandoned.abandoned()).isTrue();
            assertThat(ledger.stateOf(key).lastAttempt()).contains(abandoned);
        }
    }

    @Test
    void twoProcessesShareOneLedger() throws Exception {
        int each = 40;
        Process first = ChildJvm.start(LedgerWriter.class, location, "cart", Integer.toString(each));
        Process second = ChildJvm.start(LedgerWriter.class, location, "cart", Integer.toString(each));
        List<Long> acknowledged = new ArrayList<>();
        try (JdbcLedger ledger = open()) {
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
    void aDeploymentLeftUnderWayIsResumedByItsRestartedHostAndNotByAnother() throws Exception {
        Process child = ChildJvm.start(ClaimHolder.class, location);
        assertThat(ChildJvm.output(child).readLine()).isEqualTo("holding");
        Slot key = new Slot("team-a", "cart", "dev");
        try (JdbcLedger ledger = open()) {
            long id = ledger.unfinishedDeployments("").get(0).id();
            assertThatThrownBy(() -> ledger.reclaim(key, id, "bob")).isInstanceOf(SlotBusyException.class)
                    .hasMessageStartingWith("cannot resume deployment #" + id + ": its holder");
            child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            try (SlotClaim claim = reclaimWithin(ledger, key, id, Duration.ofSeconds(30))) {
                Deployment finished = ledger.finishDeployment(claim, id, DeploymentResult.SUCCEEDED, "resumed",
                        Instant.now());
                assertThat(finished.result()).isEqualTo(DeploymentResult.SUCCEEDED);
            }
            assertThat(ledger.stateOf(key).current().orElseThrow().id()).isEqualTo(id);
            assertThatThrownBy(() -> ledger.reclaim(key, id, "bob")).hasMessageContaining("is not under way");
        }
    }

    /** The holder's end may take the server a moment to notice (PostgreSQL: its connection closing). */
    private static SlotClaim reclaimWithin(JdbcLedger ledger, Slot key, long id, Duration wait)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try {
                return ledger.reclaim(key, id, "bob");
            } catch (SlotBusyException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aRetirementIsRecordedAndTakesTheSlotOffTheBoard() {
        try (JdbcLedger ledger = open()) {
            Deployment running = LedgerWriter.write(ledger, "cart", 0);
            Deployment retirement;
            try (SlotClaim claim = ledger.claim(running.slot(), "ops", Duration.ofSeconds(5))) {
                retirement = ledger.retire(claim, new Deployment(0, running.slot(), running.dataPlane(),
                        running.pipeline(), null, running.revision(), running.image(), DeploymentKind.RETIREMENT,
                        running.id(), running.configuration(), DeploymentResult.SUCCEEDED, running.trigger(), "ops",
                        null, "", Instant.now(), null, "retired"));
                assertThatThrownBy(() -> ledger.retire(claim, draft(running.slot())))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(ledger.history(running.slot(), 5)).containsExactly(retirement, running);
            assertThat(ledger.board(Optional.empty())).isEmpty();
            assertThat(ledger.stateOf(running.slot()).current()).isEmpty();
            try (SlotClaim claim = ledger.claim(running.slot(), "ops", Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> ledger.retire(claim, retirement)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("there is nothing to retire");
            }
            assertThat(ledger.history(running.slot(), 5)).hasSize(2); // the refused one left nothing
        }
    }
}
