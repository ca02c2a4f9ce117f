package io.cdpipelines.driver;

import io.cdpipelines.model.DataPlane;

import java.util.List;
import java.util.Optional;

/**
 * Places a deployment onto a data plane and waits until it is healthy or has failed. One implementation per kind of
 * data plane (Kubernetes, GitOps); the engine picks the first that supports the environment's data plane.
 */
public interface DeploymentDriver {

    boolean supports(DataPlane dataPlane);

    /**
     * Applies {@code order} and reports how it ended. Throwing is taken as a failure with the exception's message;
     * either way the engine records the outcome.
     */
    DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log);

    /**
     * Whether the driver needs secret values. A GitOps driver never writes them to Git (it writes references for an
     * external secrets operator), so the engine does not resolve them for it.
     */
    default boolean needsSecretValues() {
        return true;
    }

    /** What applying {@code order} would change on the data plane, one line per object; empty when unknown. */
    default List<String> preview(DeploymentOrder order) {
        return List.of();
    }

    /**
     * How what runs on the data plane differs from {@code expected} (the ledger's current deployment): one line per
     * difference, an empty list for none, or empty when the driver cannot tell.
     */
    default Optional<List<String>> drift(DeploymentOrder expected) {
        return Optional.empty();
    }

    /**
     * Whether nothing of {@code deployed} is on the data plane (its workload was removed, or never got there);
     * empty when the driver cannot tell.
     */
    default Optional<Boolean> removed(DeploymentOrder deployed) {
        return Optional.empty();
    }
}
