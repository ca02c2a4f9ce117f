package io.jenkins.plugins.cdpipelines.config;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.cdpipelines.model.Project;

import java.util.List;

/**
 * Where the organization's projects live: in Jenkins, the folders that have the CD pipelines property (the folder
 * package implements it). The configuration reaches them only through this, so it depends on no folder class.
 */
public interface ProjectFolders extends ExtensionPoint {

    static ProjectFolders get() {
        return ExtensionList.lookupSingleton(ProjectFolders.class);
    }

    /** Every folder that is a project, as core's projects, named by the folder's full name; whoever asks. */
    List<Project> projects();

    /** The projects as configuration as code exports them. */
    List<ProjectConfig> read();

    /** Applies each project to its folder now, or when the folder is created. */
    void apply(List<ProjectConfig> projects);

    /** The projects applied as code whose folder does not exist (yet). */
    List<String> waiting();
}
