package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.SecretReference;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One configuration layer (environment or project): variables, files and secrets given as credential ids. */
public class ConfigurationConfig implements Describable<ConfigurationConfig> {
    private List<VariableConfig> variables = new ArrayList<>();
    private List<FileConfig> files = new ArrayList<>();
    private List<SecretConfig> secrets = new ArrayList<>();

    @DataBoundConstructor
    public ConfigurationConfig() {
    }

    public List<VariableConfig> getVariables() {
        return variables;
    }

    @DataBoundSetter
    public void setVariables(List<VariableConfig> variables) {
        this.variables = variables == null ? new ArrayList<>() : new ArrayList<>(variables);
    }

    public List<FileConfig> getFiles() {
        return files;
    }

    @DataBoundSetter
    public void setFiles(List<FileConfig> files) {
        this.files = files == null ? new ArrayList<>() : new ArrayList<>(files);
    }

    public List<SecretConfig> getSecrets() {
        return secrets;
    }

    @DataBoundSetter
    public void setSecrets(List<SecretConfig> secrets) {
        this.secrets = secrets == null ? new ArrayList<>() : new ArrayList<>(secrets);
    }

    public Configuration toModel() {
        Map<String, String> vars = new LinkedHashMap<>();
        variables.forEach(v -> vars.put(v.getName(), v.getValue() == null ? "" : v.getValue()));
        Map<String, String> mounted = new LinkedHashMap<>();
        files.forEach(f -> mounted.put(f.getPath(), f.getContent() == null ? "" : f.getContent()));
        Map<String, SecretReference> refs = new LinkedHashMap<>();
        secrets.forEach(s -> refs.put(s.getName(), new SecretReference(s.getCredentialsId())));
        return new Configuration(vars, mounted, refs);
    }

    /** The form of core's configuration layer. */
    public static ConfigurationConfig of(Configuration configuration) {
        ConfigurationConfig config = new ConfigurationConfig();
        configuration.variables().forEach((k, v) -> config.variables.add(new VariableConfig(k, v)));
        configuration.files().forEach((k, v) -> config.files.add(new FileConfig(k, v)));
        configuration.secrets().forEach((k, v) -> config.secrets.add(new SecretConfig(k, v.credentialsId())));
        return config;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ConfigurationConfig> {
    }
}
