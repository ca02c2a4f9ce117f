package io.cdpipelines.engine;

import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.ApprovalRequest;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.PromotionRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static io.cdpipelines.testing.Organizations.digest;
import static io.cdpipelines.testing.Organizations.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Approvals as records of the ledger: production (approvers alice and group release-managers, no self-approval,
 * an hour's soak) takes a promotion only after a permitted other person approves the request; then it runs as asked.
 */
class ApprovalsTest extends EngineTest {
    private static final Slot PRODUCTION = new Slot("team-a", "cart", "production");

    private PromotionRequest to(String target, String by) {
        return PromotionRequest.of("team-a", "cart", target).by(by, Trigger.MANUAL);
    }

    @BeforeEach
    void inStaging() {
        engine.recordRelease("team-a", "cart", "commit-1", image(1), "ci/cart#1", "ci");
        engine.promote(to("dev", "bob").revision("commit-1"), fixture::log);
        engine.promote(to("staging", "bob"), fixture::log);
    }

    @Test
    void aPermittedOtherPersonApprovesAndThePromotionRunsAsAsked() {
        ApprovalRequest requested = engine.requestApproval(to("production", "alice"));
        assertThat(requested.revision()).isEqualTo("commit-1");
        assertThat(requested.digest()).isEqualTo(digest(1));
        assertThat(fixture.ledger.pendingApprovals(Optional.of("team-a"))).containsExactly(requested);
        assertThatThrownBy(() -> engine.requestApproval(to("production", "carol")))
                .isInstanceOf(RuleViolationException.class).hasMessageContaining("waits already");

        // the requester may not approve it, nor may one who is no approver
        assertThatThrownBy(() -> engine.decideApproval(requested.id(), ApprovalDecision.APPROVED, "alice", Set.of(), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log)).hasMessageStartingWith("alice asked for this promotion and may not approve it too");
        assertThatThrownBy(() -> engine.decideApproval(requested.id(), ApprovalDecision.APPROVED, "mallory",
                Set.of("developers"), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log))
                .hasMessageStartingWith("mallory is not among the approvers of production (alice, release-managers)");
        // before the soak is over, an approval is refused and nothing is recorded
        assertThatThrownBy(() -> engine.decideApproval(requested.id(), ApprovalDecision.APPROVED, "erin",
                Set.of("release-managers"), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log)).hasMessageContaining("production requires 1h of soak");
        assertThat(fixture.ledger.approval(requested.id()).orElseThrow().pending()).isTrue();
        assertThat(fixture.ledger.history(PRODUCTION, 5)).isEmpty();

        fixture.clock.advance(Duration.ofHours(1));
        ApprovalOutcome outcome = engine.decideApproval(requested.id(), ApprovalDecision.APPROVED, "erin",
                Set.of("release-managers"), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log);
        assertThat(outcome.approval().decision()).contains(ApprovalDecision.APPROVED);
        assertThat(outcome.approval().decidedBy()).isEqualTo("erin");
        Deployment deployed = outcome.promotion().orElseThrow().deployment().orElseThrow();
        assertThat(deployed.succeeded()).isTrue();
        assertThat(deployed.requestedBy()).isEqualTo("alice");
        assertThat(deployed.approvedBy()).isEqualTo("erin");
        assertThat(deployed.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(deployed.image()).isEqualTo(image(1));
        assertThat(fixture.ledger.pendingApprovals(Optional.empty())).isEmpty();
        // decided once
        assertThatThrownBy(() -> engine.decideApproval(requested.id(), ApprovalDecision.REJECTED, "erin",
                Set.of("release-managers"), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log)).hasMessageEndingWith("is decided already");
    }

    @Test
    void aRejectionOrAWithdrawalEndsTheRequestAndDeploysNothing() {
        ApprovalRequest first = engine.requestApproval(to("production", "bob"));
        ApprovalOutcome rejected = engine.decideApproval(first.id(), ApprovalDecision.REJECTED, "alice", Set.of(), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log);
        assertThat(rejected.approval().decision()).contains(ApprovalDecision.REJECTED);
        assertThat(rejected.promotion()).isEmpty();

        ApprovalRequest second = engine.requestApproval(to("production", "bob"));
        assertThatThrownBy(() -> engine.decideApproval(second.id(), ApprovalDecision.WITHDRAWN, "alice", Set.of(), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log)).hasMessageStartingWith("alice did not ask for");
        assertThat(engine.decideApproval(second.id(), ApprovalDecision.WITHDRAWN, "bob", Set.of(), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log)
                .approval().decision()).contains(ApprovalDecision.WITHDRAWN);
        assertThat(fixture.ledger.history(PRODUCTION, 5)).isEmpty();
    }

    @Test
    void onlyAPromotionTheRulesAllowButForItsApprovalCanBeRequested() {
        assertThatThrownBy(() -> engine.requestApproval(to("staging", "bob"))).isInstanceOf(
                InvalidInputException.class).hasMessage("to: staging requires no approval: promote to it instead");
        engine.recordRelease("team-a", "cart", "commit-2", image(2), "", "ci");
        assertThatThrownBy(() -> engine.requestApproval(to("production", "bob").revision("commit-2")))
                .isInstanceOf(RuleViolationException.class).hasMessageContaining("staging");
        assertThatThrownBy(() -> engine.decideApproval(99, ApprovalDecision.APPROVED, "alice", Set.of(), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, fixture::log)).hasMessage("id: there is no approval #99: see the waiting ones (cdp approvals)");
        assertThat(fixture.ledger.pendingApprovals(Optional.empty())).isEmpty();
    }
}
