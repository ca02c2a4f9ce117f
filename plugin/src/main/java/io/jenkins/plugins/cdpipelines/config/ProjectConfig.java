package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;

/**
 * A project as configuration as code has it, under {@code projects:} in the shape core reads: the folder's full
 * name and what its folder property holds. It is not stored here: {@link ProjectFolders} applies it to that folder.
 */
public class ProjectConfig implements Describable<ProjectConfig> {
    private final String path;
    private ProjectSettings settings = ProjectSettings.NONE;

    @DataBoundConstructor
    public ProjectConfig(String path) {
        this.path = path == null ? "" : path.trim();
    }

    public String getPath() {
        return path;
    }

    public List<String> getPipelines() {
        return settings.pipelines();
    }

    @DataBoundSetter
    public void setPipelines(List<String> pipelines) {
        settings = settings.withPipelines(pipelines);
    }

    public String getDefaultPipeline() {
        return settings.defaultPipeline();
    }

    @DataBoundSetter
    public void setDefaultPipeline(String defaultPipeline) {
        settings = settings.withDefaultPipeline(defaultPipeline);
    }

    public List<ProjectEnvironmentConfig> getEnvironments() {
        return settings.environments();
    }

    @DataBoundSetter
    public void setEnvironments(List<ProjectEnvironmentConfig> environments) {
        settings = settings.withEnvironments(environments);
    }

    /** JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ProjectConfig> {
    }
}
