package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

import java.util.List;

/** The credentials a form may pick: global ones for administrators, a folder's for those who may configure it. */
public final class CredentialChoices {

    private CredentialChoices() {
    }

    /** For an item (a folder's project configuration), or the global configuration when {@code item} is null. */
    public static ListBoxModel forContext(Item item, String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER) : !item.hasPermission(Item.CONFIGURE)) {
            model.includeCurrentValue(current);
            return model;
        }
        model.includeEmptyValue();
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(),
                    CredentialsMatchers.always());
        } else {
            model.includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(),
                    CredentialsMatchers.always());
        }
        model.includeCurrentValue(current);
        return model;
    }
}
