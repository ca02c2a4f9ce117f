package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.Names;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A GitOps repository that an agent applies: URL or path, branch, path prefix and a push credential. */
public class GitOpsDataPlaneConfig extends DataPlaneConfig {
    private final String name;
    private final String repository;
    private String branch = "main";
    private String pathPrefix;
    private String credentialsId;

    @DataBoundConstructor
    public GitOpsDataPlaneConfig(String name, String repository) {
        this.name = name;
        this.repository = repository;
    }

    public String getName() {
        return name;
    }

    public String getRepository() {
        return repository;
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = branch == null || branch.isBlank() ? "main" : branch.trim();
    }

    public String getPathPrefix() {
        return pathPrefix;
    }

    @DataBoundSetter
    public void setPathPrefix(String pathPrefix) {
        this.pathPrefix = FormLists.blankToNull(pathPrefix);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormLists.blankToNull(credentialsId);
    }

    @Override
    public DataPlane toModel() {
        return new GitOpsDataPlane(name, repository, branch, pathPrefix, credentialsId);
    }

    static GitOpsDataPlaneConfig of(GitOpsDataPlane plane) {
        GitOpsDataPlaneConfig config = new GitOpsDataPlaneConfig(plane.name(), plane.repository());
        config.setBranch(plane.branch());
        config.setPathPrefix(plane.pathPrefix());
        config.setCredentialsId(plane.credentialsId());
        return config;
    }

    /** Form and JCasC support: {@code gitops:}. */
    @Extension
    @Symbol("gitops")
    public static class DescriptorImpl extends Descriptor<DataPlaneConfig> {
        @Override
        public String getDisplayName() {
            return "GitOps repository";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return CredentialChoices.forContext(null, credentialsId, CredentialChoices.TEXT_OR_LOGIN);
        }

        @POST
        public FormValidation doCheckRepository(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return value == null || value.isBlank() ? FormValidation.error("The Git URL or local path is required")
                    : FormValidation.ok();
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
