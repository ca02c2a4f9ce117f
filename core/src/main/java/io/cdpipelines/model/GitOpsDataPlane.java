package io.cdpipelines.model;

/** A Git repository that a GitOps agent (Argo CD, Flux) applies; deployments are commits under a path prefix. */
public record GitOpsDataPlane(String name, String repository, String branch, String pathPrefix, String credentialsId)
        implements DataPlane {

    public GitOpsDataPlane {
        branch = branch == null || branch.isBlank() ? "main" : branch;
        pathPrefix = pathPrefix == null ? "" : pathPrefix;
    }

    @Override
    public String kind() {
        return "gitops";
    }
}
