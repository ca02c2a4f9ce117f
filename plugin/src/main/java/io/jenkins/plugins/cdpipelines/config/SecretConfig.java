package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import org.kohsuke.stapler.DataBoundConstructor;

/** A secret of a configuration layer: the variable name and the credential that holds the value. */
public class SecretConfig implements Describable<SecretConfig> {
    private final String name;
    private final String credentialsId;

    @DataBoundConstructor
    public SecretConfig(String name, String credentialsId) {
        this.name = name;
        this.credentialsId = credentialsId;
    }

    public String getName() {
        return name;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<SecretConfig> {
    }
}
