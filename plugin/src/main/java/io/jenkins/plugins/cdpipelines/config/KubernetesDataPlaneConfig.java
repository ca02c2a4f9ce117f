package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Names;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A Kubernetes cluster: API server URL, CA and a token credential, or a kubeconfig credential and a context. */
public class KubernetesDataPlaneConfig extends DataPlaneConfig {
    private final String name;
    private String serverUrl;
    private String caCertificate;
    private String credentialsId;
    private String kubeconfigCredentialsId;
    private String context;
    private String defaultNamespace;

    @DataBoundConstructor
    public KubernetesDataPlaneConfig(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = FormLists.blankToNull(serverUrl);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = FormLists.blankToNull(caCertificate);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormLists.blankToNull(credentialsId);
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = FormLists.blankToNull(kubeconfigCredentialsId);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = FormLists.blankToNull(context);
    }

    public String getDefaultNamespace() {
        return defaultNamespace;
    }

    @DataBoundSetter
    public void setDefaultNamespace(String defaultNamespace) {
        this.defaultNamespace = FormLists.blankToNull(defaultNamespace);
    }

    @Override
    public DataPlane toModel() {
        return new KubernetesDataPlane(name, serverUrl, caCertificate, credentialsId, kubeconfigCredentialsId, context,
                defaultNamespace);
    }

    static KubernetesDataPlaneConfig of(KubernetesDataPlane plane) {
        KubernetesDataPlaneConfig config = new KubernetesDataPlaneConfig(plane.name());
        config.setServerUrl(plane.serverUrl());
        config.setCaCertificate(plane.caCertificate());
        config.setCredentialsId(plane.credentialsId());
        config.setKubeconfigCredentialsId(plane.kubeconfigCredentialsId());
        config.setContext(plane.context());
        config.setDefaultNamespace(plane.defaultNamespace());
        return config;
    }

    /** Form and JCasC support: {@code kubernetes:}. */
    @Extension
    @Symbol("kubernetes")
    public static class DescriptorImpl extends Descriptor<DataPlaneConfig> {
        @Override
        public String getDisplayName() {
            return "Kubernetes cluster";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return CredentialChoices.forContext(null, credentialsId, CredentialChoices.SECRET_TEXT);
        }

        @POST
        public ListBoxModel doFillKubeconfigCredentialsIdItems(@QueryParameter String kubeconfigCredentialsId) {
            return CredentialChoices.forContext(null, kubeconfigCredentialsId, CredentialChoices.SECRET_FILE);
        }

        @POST
        public FormValidation doCheckServerUrl(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            return value.startsWith("https://") || value.startsWith("http://") ? FormValidation.ok()
                    : FormValidation.error("An http(s) URL of the Kubernetes API server");
        }

        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Names.dns1123Problem(value).map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
