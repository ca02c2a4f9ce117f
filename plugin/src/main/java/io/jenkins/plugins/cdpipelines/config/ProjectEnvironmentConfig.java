package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.cdpipelines.model.Configuration;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.List;

/**
 * A project's configuration for one environment: its layer between the environment's and the promotion call's.
 * Flat, as core's YAML has it ({@code {name: staging, variables: [...], files: [...], secrets: [...]}}).
 */
public class ProjectEnvironmentConfig implements Describable<ProjectEnvironmentConfig> {
    private final String name;
    private final ConfigurationConfig layer = new ConfigurationConfig();

    @DataBoundConstructor
    public ProjectEnvironmentConfig(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public List<VariableConfig> getVariables() {
        return layer.getVariables();
    }

    @DataBoundSetter
    public void setVariables(List<VariableConfig> variables) {
        layer.setVariables(variables);
    }

    public List<FileConfig> getFiles() {
        return layer.getFiles();
    }

    @DataBoundSetter
    public void setFiles(List<FileConfig> files) {
        layer.setFiles(files);
    }

    public List<SecretConfig> getSecrets() {
        return layer.getSecrets();
    }

    @DataBoundSetter
    public void setSecrets(List<SecretConfig> secrets) {
        layer.setSecrets(secrets);
    }

    public Configuration toModel() {
        return layer.toModel();
    }

    /** The form of core's layer for environment {@code name}. */
    public static ProjectEnvironmentConfig of(String name, Configuration configuration) {
        ConfigurationConfig given = ConfigurationConfig.of(configuration);
        ProjectEnvironmentConfig config = new ProjectEnvironmentConfig(name);
        config.setVariables(given.getVariables());
        config.setFiles(given.getFiles());
        config.setSecrets(given.getSecrets());
        return config;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ProjectEnvironmentConfig> {
    }
}
