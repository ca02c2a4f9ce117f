package io.cdpipelines.deploy;

import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.ApproverMatching;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.MutableClock;
import io.cdpipelines.testing.Organizations;
import io.cdpipelines.testing.RecordingDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.cdpipelines.testing.Organizations.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deploy view's approvals with a host that compares names its own way (a Jenkins realm that ignores case): the
 * approver and self-approval rules follow the host, and the engine, which compares as written, agrees.
 */
class DeployActionsTest {
    /** As most security realms compare: ignoring case. */
    static final ApproverMatching IGNORING_CASE = new ApproverMatching() {
        @Override
        public boolean names(String approver, String user, Set<String> groups) {
            return approver.equalsIgnoreCase(user) || groups.stream().anyMatch(approver::equalsIgnoreCase);
        }

        @Override
        public boolean sameUser(String one, String other) {
            return one.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
        }
    };

    @TempDir
    Path dataDirectory;
    SqliteLedger ledger;
    CdEngine engine;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @BeforeEach
    void inStaging() {
        ledger = SqliteLedger.open(dataDirectory);
        engine = CdEngine.builder(Organizations.organization(), ledger).driver(new RecordingDriver()).clock(clock)
                .build();
        engine.recordRelease("team-a", "cart", "commit-1", image(1), "", "ci");
        engine.promote(PromotionRequest.of("team-a", "cart", "dev").revision("commit-1").by("Bob", Trigger.MANUAL),
                line -> { });
        engine.promote(PromotionRequest.of("team-a", "cart", "staging").by("Bob", Trigger.MANUAL), line -> { });
        clock.advance(Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        ledger.close();
    }

    @Test
    void approversAndSelfApprovalAreComparedAsTheHostCompares() {
        DeployActions actions = new DeployActions(engine, IGNORING_CASE);
        var card = actions.requestApproval(new DeployRequests.ApprovalRequest("team-a", "cart", "production", null,
                null), new Actor("Bob", Set.of()));
        var decide = new DeployRequests.ApprovalDecision(card.id());
        // "bob" is "Bob" to this host: he asked, so he may not approve it, though listed through his group
        assertThatThrownBy(() -> actions.decide(decide, ApprovalDecision.APPROVED, new Actor("bob",
                Set.of("Release-Managers")))).hasMessageStartingWith("bob asked for this promotion and may not "
                + "approve it too");
        assertThat(actions.approvals("team-a", new Actor("ALICE", Set.of())).get(0).get("mayDecide")).isEqualTo(true);
        // as written, ALICE is nobody listed; to this host she is alice
        assertThat(new DeployActions(engine).approvals("team-a", new Actor("ALICE", Set.of())).get(0)
                .get("mayDecide")).isEqualTo(false);
        var outcome = actions.decide(decide, ApprovalDecision.APPROVED, new Actor("ALICE", Set.of()));
        assertThat(outcome.get("decision")).isEqualTo("approved");
        var production = ledger.current(new Slot("team-a", "cart", "production")).orElseThrow();
        assertThat(production.approvedBy()).isEqualTo("ALICE");
        assertThat(production.requestedBy()).isEqualTo("Bob");
        assertThat(ledger.pendingApprovals(Optional.empty())).isEmpty();
    }
}
