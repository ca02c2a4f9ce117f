package io.cdpipelines.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A release placed into an environment with that environment's resolved configuration, as the ledger keeps it.
 * {@code id} is the deployment number; a rollback names the deployment it restored ({@code restores}), a
 * retirement the deployment it retired.
 */
public record Deployment(long id, Slot slot, String dataPlane, String pipeline, String sourceEnvironment,
                         String revision, ImageReference image, DeploymentKind kind, Long restores,
                         ConfigurationSnapshot configuration, DeploymentResult result, Trigger trigger,
                         String requestedBy, String approvedBy, String buildReference, Instant startedAt,
                         Instant finishedAt, String message) {
    private static final String ABANDONED = "abandoned: ";

    /** The message the ledger records for a deployment whose process ended before finishing it. */
    public static String abandonedMessage(long pid, String host) {
        return ABANDONED + "process " + pid + " on " + host + " ended during the deployment";
    }

    /** Its process ended before it finished (killed, or its host lost): the ledger recorded it failed so. */
    public boolean abandoned() {
        return result == DeploymentResult.ABANDONED;
    }

    public Optional<Duration> duration() {
        return finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
    }

    public boolean succeeded() {
        return result == DeploymentResult.SUCCEEDED;
    }

    /** Succeeded in putting its workload on the data plane: what ran there after it (a retirement never does). */
    public boolean ran() {
        return succeeded() && kind.placesWorkload();
    }

    public String environment() {
        return slot.environment();
    }

    public Deployment finished(DeploymentResult outcome, Instant at, String note) {
        return new Deployment(id, slot, dataPlane, pipeline, sourceEnvironment, revision, image, kind, restores,
                configuration, outcome, trigger, requestedBy, approvedBy, buildReference, startedAt, at, note);
    }

    /**
     * A rollback to this deployment, in {@code slot} on {@code dataPlane}: the same release and configuration again,
     * started at {@code startedAt}; {@code trigger} says whether a person asked (MANUAL) or a failed rollout did.
     */
    public Deployment restoredBy(Slot into, String onDataPlane, Trigger rollbackTrigger, String by,
                                 String buildOfRollback, Instant startedAt) {
        return new Deployment(0, into, onDataPlane, pipeline, null, revision, image, DeploymentKind.ROLLBACK, id,
                configuration, DeploymentResult.IN_PROGRESS, rollbackTrigger, by, null,
                buildOfRollback == null ? "" : buildOfRollback, startedAt, null, "");
    }

    /** The record that this deployment was retired by {@code by} at {@code at}, saying why in {@code why}. */
    public Deployment retiredBy(String by, Instant at, String why) {
        return new Deployment(0, slot, dataPlane, pipeline, null, revision, image, DeploymentKind.RETIREMENT, id,
                configuration, DeploymentResult.SUCCEEDED, Trigger.MANUAL, by, null, "", at, null, why);
    }
}
