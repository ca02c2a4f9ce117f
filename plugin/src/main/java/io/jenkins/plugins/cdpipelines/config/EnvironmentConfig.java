package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Names;
import io.cdpipelines.model.Protection;

import java.util.List;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** An environment: a named stage on one data plane, with its namespace, configuration and protection. */
public class EnvironmentConfig implements Describable<EnvironmentConfig> {
    private final String name;
    private String displayName;
    private String dataPlane;
    private String namespace;
    private boolean production;
    private boolean createNamespace;
    private boolean rollbackOnFailure = true;
    private ConfigurationConfig configuration;
    private ProtectionConfig protection;

    @DataBoundConstructor
    public EnvironmentConfig(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getDisplayName() {
        return displayName;
    }

    @DataBoundSetter
    public void setDisplayName(String displayName) {
        this.displayName = FormLists.blankToNull(displayName);
    }

    public String getDataPlane() {
        return dataPlane;
    }

    @DataBoundSetter
    public void setDataPlane(String dataPlane) {
        this.dataPlane = FormLists.blankToNull(dataPlane);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = FormLists.blankToNull(namespace);
    }

    public boolean isProduction() {
        return production;
    }

    @DataBoundSetter
    public void setProduction(boolean production) {
        this.production = production;
    }

    public boolean isCreateNamespace() {
        return createNamespace;
    }

    @DataBoundSetter
    public void setCreateNamespace(boolean createNamespace) {
        this.createNamespace = createNamespace;
    }

    public boolean isRollbackOnFailure() {
        return rollbackOnFailure;
    }

    @DataBoundSetter
    public void setRollbackOnFailure(boolean rollbackOnFailure) {
        this.rollbackOnFailure = rollbackOnFailure;
    }

    public ConfigurationConfig getConfiguration() {
        return configuration;
    }

    @DataBoundSetter
    public void setConfiguration(ConfigurationConfig configuration) {
        this.configuration = configuration;
    }

    public ProtectionConfig getProtection() {
        return protection;
    }

    @DataBoundSetter
    public void setProtection(ProtectionConfig protection) {
        this.protection = protection;
    }

    public Environment toModel() {
        return new Environment(name, displayName, dataPlane, namespace, production,
                configuration == null ? Configuration.EMPTY : configuration.toModel(),
                protection == null ? Protection.NONE : protection.toModel(), createNamespace, rollbackOnFailure);
    }

    static EnvironmentConfig of(Environment environment) {
        EnvironmentConfig config = new EnvironmentConfig(environment.name());
        config.setDisplayName(environment.displayName().equals(environment.name()) ? null : environment.displayName());
        config.setDataPlane(environment.dataPlane());
        config.setNamespace(environment.namespace());
        config.setProduction(environment.production());
        config.setCreateNamespace(environment.createNamespace());
        config.setRollbackOnFailure(environment.rollbackOnFailure());
        if (!environment.configuration().isEmpty()) {
            config.setConfiguration(ConfigurationConfig.of(environment.configuration()));
        }
        if (!environment.protection().equals(Protection.NONE)) {
            config.setProtection(ProtectionConfig.of(environment.protection()));
        }
        return config;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<EnvironmentConfig> {
        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Names.dns1123Problem(value).map(FormValidation::error).orElse(FormValidation.ok());
        }

        @POST
        public FormValidation doCheckDataPlane(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            if (value == null || value.isBlank()) {
                return FormValidation.error("The data plane this environment deploys to");
            }
            List<String> known = ConfiguredNames.get().dataPlaneNames();
            return known.contains(value.trim()) ? FormValidation.ok()
                    : FormValidation.warning("Not a saved data plane yet (known: " + String.join(", ", known) + ")");
        }

        @POST
        public FormValidation doCheckNamespace(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            String sample = value.replace("{project}", "p").replace("{component}", "c");
            return Names.dns1123Problem(sample).isEmpty() ? FormValidation.ok()
                    : FormValidation.error("Does not make a DNS-1123 namespace name ({project} and {component} may be used)");
        }
    }
}
