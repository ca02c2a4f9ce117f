package io.cdpipelines.model;

/** Where a deployment stands: under way, rolled out and healthy, or failed. */
public enum DeploymentResult {
    IN_PROGRESS, SUCCEEDED, FAILED;

    public boolean finished() {
        return this != IN_PROGRESS;
    }
}
