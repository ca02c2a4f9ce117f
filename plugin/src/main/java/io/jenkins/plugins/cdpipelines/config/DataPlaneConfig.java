package io.jenkins.plugins.cdpipelines.config;

import hudson.model.Describable;
import io.cdpipelines.model.DataPlane;

/** A data plane as the global configuration holds it: a Kubernetes cluster or a GitOps repository. */
public abstract class DataPlaneConfig implements Describable<DataPlaneConfig> {

    /** The core model of this data plane. */
    public abstract DataPlane toModel();
}
