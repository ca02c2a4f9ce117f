package io.jenkins.plugins.cdpipelines.config;

import io.cdpipelines.model.Organization;

/** The whole organization as core sees it: the global configuration plus every folder that is a project. */
public final class Organizations {

    private Organizations() {
    }

    /** Reads all folders with the property; their full names are the project paths. */
    public static Organization current() {
        return Organization.of(CdPipelinesConfiguration.get().toSpec().withProjects(ProjectFolders.get().projects()));
    }
}
