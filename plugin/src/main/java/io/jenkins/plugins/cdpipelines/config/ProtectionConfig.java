package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.cdpipelines.model.Durations;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Protection;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The gates of an environment: approval (by whom, self-approval) and the minimum soak in the source. */
public class ProtectionConfig implements Describable<ProtectionConfig> {
    private boolean approvalRequired;
    private List<String> approvers = new ArrayList<>();
    private boolean allowSelfApproval;
    private String minimumSoak;

    @DataBoundConstructor
    public ProtectionConfig() {
    }

    public boolean isApprovalRequired() {
        return approvalRequired;
    }

    @DataBoundSetter
    public void setApprovalRequired(boolean approvalRequired) {
        this.approvalRequired = approvalRequired;
    }

    /** The form's text for approvers. */
    public String getApproversText() {
        return FormLists.join(approvers);
    }

    public List<String> getApprovers() {
        return approvers;
    }

    @DataBoundSetter
    public void setApprovers(List<String> approvers) {
        this.approvers = approvers == null ? new ArrayList<>() : new ArrayList<>(approvers);
    }

    public boolean isAllowSelfApproval() {
        return allowSelfApproval;
    }

    @DataBoundSetter
    public void setAllowSelfApproval(boolean allowSelfApproval) {
        this.allowSelfApproval = allowSelfApproval;
    }

    public String getMinimumSoak() {
        return minimumSoak;
    }

    @DataBoundSetter
    public void setMinimumSoak(String minimumSoak) {
        this.minimumSoak = FormLists.blankToNull(minimumSoak);
    }

    public Protection toModel() {
        return new Protection(approvalRequired, Set.copyOf(approvers), allowSelfApproval,
                Durations.parse(minimumSoak).orElseThrow(() -> new InvalidInputException("minimumSoak",
                        "\"" + minimumSoak + "\" is not a duration: " + Durations.hint())));
    }

    static ProtectionConfig of(Protection protection) {
        ProtectionConfig config = new ProtectionConfig();
        config.setApprovalRequired(protection.approvalRequired());
        config.setApprovers(protection.approvers().stream().sorted().toList());
        config.setAllowSelfApproval(protection.allowSelfApproval());
        config.setMinimumSoak(protection.minimumSoak().isZero() ? null : protection.minimumSoak().toString());
        return config;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ProtectionConfig> {
        @POST
        public FormValidation doCheckApprovers(@AncestorInPath Item item, @QueryParameter String value,
                                               @QueryParameter boolean approvalRequired) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return approvalRequired && FormLists.split(value == null ? "" : value).isEmpty()
                    ? FormValidation.error("Approval is required but nobody may approve: name users or groups")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckMinimumSoak(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Durations.parse(value).isPresent() ? FormValidation.ok()
                    : FormValidation.error("Not a duration: " + Durations.hint());
        }
    }
}
