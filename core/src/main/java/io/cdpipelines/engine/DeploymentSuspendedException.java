package io.cdpipelines.engine;

import io.cdpipelines.model.Deployment;

/** The wait for a deployment stopped because its host is shutting down; the ledger keeps it under way for resume. */
public class DeploymentSuspendedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeploymentSuspendedException(Deployment deployment, String reason) {
        super("deployment #" + deployment.id() + " of " + deployment.slot().project() + "/"
                + deployment.slot().component() + " to " + deployment.environment() + " is left under way ("
                + reason + "); it is resumed from the ledger");
    }
}
