package io.cdpipelines.engine;

import io.cdpipelines.model.ApprovalRequest;

import java.util.Optional;

/** A decided approval request, and for an approval, the promotion it ran (or why the rules refused it then). */
public record ApprovalOutcome(ApprovalRequest approval, Optional<PromotionResult> promotion) {
}
