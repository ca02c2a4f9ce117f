package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.DataBoundConstructor;

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
        public FormValidation doCheckName(@QueryParameter String value) {
            return value != null && value.matches("[A-Za-z_][A-Za-z0-9_]*") ? FormValidation.ok()
                    : FormValidation.error("Letters, digits and '_', not starting with a digit");
        }
    }
}
