package io.cdpipelines.driver;

import io.cdpipelines.model.DataPlane;

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
}
