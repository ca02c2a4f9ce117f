package io.cdpipelines.model;

/**
 * Why a deployment happened: a promotion moved a release forward, a rollback restored an earlier deployment, a
 * retirement recorded that a deployment's workload was removed from its data plane (nothing runs there after it).
 */
public enum DeploymentKind {
    PROMOTION, ROLLBACK, RETIREMENT;

    /** Whether a deployment of this kind put a workload on the data plane (a retirement took one off). */
    public boolean placesWorkload() {
        return this != RETIREMENT;
    }
}
