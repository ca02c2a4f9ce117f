package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Project;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import jenkins.model.Jenkins;

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

    @SuppressWarnings("rawtypes")
    public static List<Project> projects() {
        List<Project> projects = new ArrayList<>();
        for (AbstractFolder folder : Jenkins.get().getAllItems(AbstractFolder.class)) {
            CdPipelinesFolderProperty property = (CdPipelinesFolderProperty) folder.getProperties()
                    .get(CdPipelinesFolderProperty.class);
            if (property != null) {
                projects.add(property.toProject(folder.getFullName()));
            }
        }
        return projects;
    }
}
