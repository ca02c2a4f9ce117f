package io.jenkins.plugins.cdpipelines.folder;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.cdpipelines.model.Configuration;
import io.jenkins.plugins.cdpipelines.config.ConfigurationConfig;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** A project's configuration for one environment: its layer between the environment's and the promotion call's. */
public class ProjectEnvironmentConfig implements Describable<ProjectEnvironmentConfig> {
    private final String name;
    private ConfigurationConfig configuration;

    @DataBoundConstructor
    public ProjectEnvironmentConfig(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public ConfigurationConfig getConfiguration() {
        return configuration;
    }

    @DataBoundSetter
    public void setConfiguration(ConfigurationConfig configuration) {
        this.configuration = configuration;
    }

    public Configuration toModel() {
        return configuration == null ? Configuration.EMPTY : configuration.toModel();
    }

    /** Form support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ProjectEnvironmentConfig> {
    }
}
