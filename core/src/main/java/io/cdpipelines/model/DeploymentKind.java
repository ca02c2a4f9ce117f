package io.cdpipelines.model;

/** Why a deployment happened: a promotion moved a release forward, a rollback restored an earlier deployment. */
public enum DeploymentKind {
    PROMOTION, ROLLBACK
}
