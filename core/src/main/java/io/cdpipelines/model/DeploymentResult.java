package io.cdpipelines.model;

/**
 * Where a deployment stands: under way, rolled out and healthy, failed, or abandoned (the process deploying it ended
 * before it recorded how it went; the next claim of its slot records it so and restores what ran before).
 */
public enum DeploymentResult {
    IN_PROGRESS, SUCCEEDED, FAILED, ABANDONED;

    public boolean finished() {
        return this != IN_PROGRESS;
    }

    /** Finished without running healthy: failed, or abandoned. */
    public boolean unsuccessful() {
        return this == FAILED || this == ABANDONED;
    }
}
