package io.cdpipelines.view;

import io.cdpipelines.model.ApprovalRequest;

import java.time.Instant;

/** A request for approval as a card shows it: its number, the release it would promote, who asked and when. */
public record ApprovalCard(long id, String environment, String revision, String shortDigest, String requestedBy,
                           Instant requestedAt) {

    public static ApprovalCard of(ApprovalRequest request) {
        return new ApprovalCard(request.id(), request.slot().environment(), request.revision(),
                request.digest().shortForm(), request.requestedBy(), request.requestedAt());
    }
}
