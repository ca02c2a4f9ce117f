package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.cdpipelines.model.Names;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A variable of a configuration layer: name and value. */
public class VariableConfig implements Describable<VariableConfig> {
    private final String name;
    private final String value;

    @DataBoundConstructor
    public VariableConfig(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<VariableConfig> {
        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Names.variableNameProblem(value).map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
