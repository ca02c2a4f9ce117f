package io.cdpipelines.view;

import io.cdpipelines.model.Deployment;

import java.time.Instant;

/** A deployment as a card shows it: number, short digest, revision, how it ended, when and by whom, its build. */
public record DeploymentCard(long number, String digest, String shortDigest, String revision, String kind,
                             String result, String trigger, String requestedBy, String approvedBy,
                             String buildReference, Instant startedAt, Instant finishedAt, String message) {

    public static DeploymentCard of(Deployment deployment) {
        return new DeploymentCard(deployment.id(), deployment.image().digest().value(),
                deployment.image().digest().shortForm(), deployment.revision(), deployment.kind().name(),
                deployment.result().name(), deployment.trigger().name(), deployment.requestedBy(),
                deployment.approvedBy(), deployment.buildReference(), deployment.startedAt(),
                deployment.finishedAt(), deployment.message());
    }
}
