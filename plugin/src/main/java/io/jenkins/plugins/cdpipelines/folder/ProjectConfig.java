package io.jenkins.plugins.cdpipelines.folder;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;

/**
 * A project as configuration as code has it, under {@code projects:} in the shape core reads: the folder's full
 * name and what its folder property holds. It is not stored here: it is applied to that folder.
 */
public class ProjectConfig implements Describable<ProjectConfig> {
    private final String path;
    /** What the folder will hold; its setters normalize as the folder form's do. */
    private final CdPipelinesFolderProperty property;

    @DataBoundConstructor
    public ProjectConfig(String path) {
        this(path, new CdPipelinesFolderProperty());
    }

    private ProjectConfig(String path, CdPipelinesFolderProperty property) {
        this.path = path == null ? "" : path.trim();
        this.property = property;
    }

    public String getPath() {
        return path;
    }

    public List<String> getPipelines() {
        return property.getPipelines();
    }

    @DataBoundSetter
    public void setPipelines(List<String> pipelines) {
        property.setPipelines(pipelines);
    }

    public String getDefaultPipeline() {
        return property.getDefaultPipeline();
    }

    @DataBoundSetter
    public void setDefaultPipeline(String defaultPipeline) {
        property.setDefaultPipeline(defaultPipeline);
    }

    public List<ProjectEnvironmentConfig> getEnvironments() {
        return property.getEnvironments();
    }

    @DataBoundSetter
    public void setEnvironments(List<ProjectEnvironmentConfig> environments) {
        property.setEnvironments(environments);
    }

    /** The folder property this project stands for. */
    CdPipelinesFolderProperty toProperty() {
        return property;
    }

    static ProjectConfig of(String path, CdPipelinesFolderProperty property) {
        return new ProjectConfig(path, property);
    }

    /** JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ProjectConfig> {
    }
}
