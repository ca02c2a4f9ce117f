package io.cdpipelines.model;

/** What one deployment slot is: a project's component in one environment. At most one deployment runs per key. */
public record DeploymentKey(String project, String component, String environment) {

    @Override
    public String toString() {
        return project + "/" + component + " in " + environment;
    }
}
