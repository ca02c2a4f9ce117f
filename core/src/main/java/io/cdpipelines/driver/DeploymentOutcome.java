package io.cdpipelines.driver;

/**
 * How a driver's deployment ended: healthy or not, why, where to look (a URL or a commit), and, for a failure,
 * whether the data plane was changed before it failed (then the previous deployment is restored).
 */
public record DeploymentOutcome(boolean succeeded, String message, String location, boolean changedDataPlane) {

    public DeploymentOutcome(boolean succeeded, String message, String location) {
        this(succeeded, message, location, succeeded);
    }

    public static DeploymentOutcome succeeded(String message) {
        return new DeploymentOutcome(true, message, "", true);
    }

    /** Failed before anything changed on the data plane. */
    public static DeploymentOutcome failed(String message) {
        return new DeploymentOutcome(false, message, "", false);
    }

    /** Failed after objects were applied: what ran before may be gone. */
    public static DeploymentOutcome failedAfterApply(String message) {
        return new DeploymentOutcome(false, message, "", true);
    }
}
