package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.ArrayList;
import java.util.List;

/**
 * A project as configuration as code has it, under {@code projects:} in the shape core reads: the folder's full
 * name and what its folder property holds. It is not stored here: {@link ProjectFolders} applies it to that folder.
 */
public class ProjectConfig implements Describable<ProjectConfig> {
    private final String path;
    private List<String> pipelines = new ArrayList<>();
    private String defaultPipeline;
    private List<ProjectEnvironmentConfig> environments = new ArrayList<>();

    @DataBoundConstructor
    public ProjectConfig(String path) {
        this.path = path == null ? "" : path.trim();
    }

    public String getPath() {
        return path;
    }

    public List<String> getPipelines() {
        return pipelines;
    }

    @DataBoundSetter
    public void setPipelines(List<String> pipelines) {
        this.pipelines = FormLists.copyOf(pipelines);
    }

    public String getDefaultPipeline() {
        return defaultPipeline;
    }

    @DataBoundSetter
    public void setDefaultPipeline(String defaultPipeline) {
        this.defaultPipeline = FormLists.blankToNull(defaultPipeline);
    }

    public List<ProjectEnvironmentConfig> getEnvironments() {
        return environments;
    }

    @DataBoundSetter
    public void setEnvironments(List<ProjectEnvironmentConfig> environments) {
        this.environments = FormLists.copyOf(environments);
    }

    /** JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ProjectConfig> {
    }
}
