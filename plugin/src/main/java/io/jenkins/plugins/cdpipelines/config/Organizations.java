package io.jenkins.plugins.cdpipelines.config;

import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Project;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;

import java.util.ArrayList;
import java.util.List;

/** The whole organization as core sees it: the global configuration plus every folder that is a project. */
public final class Organizations {

    private Organizations() {
    }

    /** Reads all folders with the property; their full names are the project paths. */
    public static Organization current() {
        return Organization.of(CdPipelinesConfiguration.get().toSpec().withProjects(projects()));
    }

    public static List<Project> projects() {
        List<Project> projects = new ArrayList<>();
        CdPipelinesFolderProperty.byFolder().forEach((path, property) -> projects.add(property.toProject(path)));
        return projects;
    }
}
