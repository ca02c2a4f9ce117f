package io.cdpipelines.model;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A request, kept in the ledger, to promote one release into an environment that requires approval: who asked and
 * when, and once decided, how (approved, rejected, withdrawn), by whom (with the groups they were approved as), and
 * when. Every host and every controller that shares the ledger sees the same requests.
 */
public record ApprovalRequest(long id, Slot slot, String pipeline, String revision, ImageDigest digest,
                              String requestedBy, Instant requestedAt, Optional<ApprovalDecision> decision,
                              String decidedBy, Set<String> decidedGroups, Instant decidedAt) {

    public ApprovalRequest {
        decision = decision == null ? Optional.empty() : decision;
        decidedGroups = decidedGroups == null ? Set.of() : Set.copyOf(decidedGroups);
    }

    /** A new request, not yet recorded (the ledger numbers it). */
    public static ApprovalRequest draft(Slot slot, String pipeline, String revision, ImageDigest digest,
                                        String requestedBy, Instant requestedAt) {
        return new ApprovalRequest(0, slot, pipeline, revision, digest, requestedBy, requestedAt, Optional.empty(),
                null, Set.of(), null);
    }

    public boolean pending() {
        return decision.isEmpty();
    }

    /** In words, for messages: "approval #3 of cart r1 to production, requested by alice". */
    public String describe() {
        return "approval #" + id + " of " + slot.component() + " " + revision + " to " + slot.environment()
                + ", requested by " + requestedBy + decision.map(d -> ", " + d.label() + " by " + decidedBy)
                .orElse("");
    }
}
