package io.cdpipelines.driver;

/** How a driver's deployment ended: healthy or not, why, and where to look (a URL or a commit), if anywhere. */
public record DeploymentOutcome(boolean succeeded, String message, String location) {

    public static DeploymentOutcome succeeded(String message) {
        return new DeploymentOutcome(true, message, "");
    }

    public static DeploymentOutcome failed(String message) {
        return new DeploymentOutcome(false, message, "");
    }
}
