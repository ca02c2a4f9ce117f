package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.cdpipelines.model.Names;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

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

    /** Form and JCasC support: the credential is picked among those of the folder or the global ones. */
    @Extension
    public static class DescriptorImpl extends Descriptor<SecretConfig> {
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialChoices.forContext(item, credentialsId);
        }

        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Names.variableNameProblem(value).map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
