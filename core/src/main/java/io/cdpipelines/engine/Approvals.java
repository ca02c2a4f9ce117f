package io.cdpipelines.engine;

import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.ApprovalRequest;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.promotion.ApprovalRules;
import io.cdpipelines.promotion.ApproverMatching;
import io.cdpipelines.promotion.PromotionDecision;
import io.cdpipelines.promotion.PromotionPolicy;
import io.cdpipelines.promotion.PromotionRequest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Approvals as the ledger keeps them: a promotion into a protected environment is requested (the rules must allow
 * it but for the approval), a permitted other person approves or rejects it, and an approval runs the promotion as
 * the requester asked it, with the approver named on the deployment.
 */
final class Approvals {
    private final Supplier<Organization> organization;
    private final Ledger ledger;
    private final Clock clock;
    private final BiFunction<PromotionRequest, DeploymentLog, Rollout> promote;

    Approvals(Supplier<Organization> organization, Ledger ledger, Clock clock,
              BiFunction<PromotionRequest, DeploymentLog, Rollout> promote) {
        this.organization = organization;
        this.ledger = ledger;
        this.clock = clock;
        this.promote = promote;
    }

    ApprovalRequest request(PromotionRequest request) {
        Environment target = organization.get().requireEnvironment(request.target());
        if (!target.protection().approvalRequired()) {
            throw new InvalidInputException("to", target.name() + " requires no approval: promote to it instead");
        }
        PromotionDecision decision = PromotionPolicy.decideBeforeGates(organization.get(), request, ledger,
                clock.instant());
        return ledger.requestApproval(ApprovalRequest.draft(decision.slot(), decision.pipeline(),
                decision.release().revision(), decision.release().digest(), request.requestedBy(), clock.instant()));
    }

    /**
     * The decision of {@code user}, names compared as {@code matching} does; an approval then promotes, as a
     * person's promotion (trigger MANUAL), with the approver entries that matched among the approver's groups, so
     * that the rules, which compare as written, agree.
     */
    ApprovalOutcome decide(long id, ApprovalDecision decision, String user, Set<String> groups,
                           ApproverMatching matching, DeploymentLog log) {
        ApprovalRequest request = ledger.approval(id).orElseThrow(() -> new InvalidInputException("id",
                "there is no approval #" + id + ": see the waiting ones (cdp approvals)"));
        if (!request.pending()) {
            throw new RuleViolationException(request.describe() + ": it is decided already");
        }
        Environment target = organization.get().requireEnvironment(request.slot().environment());
        if (decision == ApprovalDecision.WITHDRAWN) {
            if (!matching.sameUser(user, request.requestedBy())) {
                throw new RuleViolationException(user + " did not ask for " + request.describe()
                        + ", so may not withdraw it: approve or reject it instead");
            }
        } else {
            ApprovalRules.refusal(target, user, groups, request.requestedBy(), matching).ifPresent(refusal -> {
                throw new RuleViolationException(refusal + ": " + request.describe() + " waits for another");
            });
        }
        if (decision != ApprovalDecision.APPROVED) {
            return new ApprovalOutcome(ledger.decideApproval(id, decision, user, groups, clock.instant()),
                    Optional.empty());
        }
        Set<String> approvedAs = new TreeSet<>(groups);
        approvedAs.addAll(ApprovalRules.matchedEntries(target, user, groups, matching));
        PromotionRequest promotion = PromotionRequest.of(request.slot().project(), request.slot().component(),
                request.slot().environment()).inPipeline(request.pipeline()).revision(request.revision())
                .by(request.requestedBy(), Trigger.MANUAL)
                .approvals(List.of(new Approval(user, approvedAs, clock.instant())));
        // the rules first, with this approval: one they would refuse now (a soak not over yet) records nothing
        PromotionPolicy.decide(organization.get(), promotion, ledger, clock.instant());
        ApprovalRequest decided = ledger.decideApproval(id, decision, user, approvedAs, clock.instant());
        try {
            return new ApprovalOutcome(decided, Optional.of(PromotionResult.deployed(target.name(),
                    promote.apply(promotion, log))));
        } catch (RuleViolationException | InvalidInputException refused) {
            // approved, but the rules refuse the promotion now (its source failed since, say): the approval stands
            return new ApprovalOutcome(decided, Optional.of(PromotionResult.refused(target.name(), refused)));
        }
    }
}
