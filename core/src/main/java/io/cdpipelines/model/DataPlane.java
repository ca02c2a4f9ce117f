package io.cdpipelines.model;

/** A place to deploy to: a Kubernetes cluster (push) or a GitOps repository (pull). */
public sealed interface DataPlane permits KubernetesDataPlane, GitOpsDataPlane {

    String name();

    /** The kind as configuration names it: {@code kubernetes} or {@code gitops}. */
    String kind();
}
