package io.cdpipelines.model;

/**
 * A deployment slot: a project's component in one environment, the unit that the rules, the ledger and the claims
 * speak of. At most one deployment runs per slot at a time.
 */
public record Slot(String project, String component, String environment) {

    @Override
    public String toString() {
        return project + "/" + component + " in " + environment;
    }
}
