package io.cdpipelines.engine;

import io.cdpipelines.model.Slot;

/** A deployment that was not started because whoever asked for it aborted first. */
public class DeploymentAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeploymentAbortedException(Slot key, String reason) {
        super("the deployment of " + key.project() + "/" + key.component() + " to " + key.environment()
                + " was not started: " + reason);
    }
}
