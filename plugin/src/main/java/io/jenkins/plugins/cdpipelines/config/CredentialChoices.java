package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.List;

/** The credentials a form may pick: global ones for administrators, a folder's for those who may configure it. */
public final class CredentialChoices {

    private CredentialChoices() {
    }

    /** Secret text: a cluster token. */
    public static final CredentialsMatcher SECRET_TEXT = CredentialsMatchers.instanceOf(StringCredentials.class);
    /** A secret file: a kubeconfig. */
    public static final CredentialsMatcher SECRET_FILE = CredentialsMatchers.instanceOf(FileCredentials.class);
    /** What a Git push or a configuration secret can use: secret text or a username with password. */
    public static final CredentialsMatcher TEXT_OR_LOGIN = CredentialsMatchers.anyOf(SECRET_TEXT,
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));

    /** For an item (a folder's project configuration), or the global configuration when {@code item} is null. */
    public static ListBoxModel forContext(Item item, String current) {
        return forContext(item, current, CredentialsMatchers.anyOf(TEXT_OR_LOGIN, SECRET_FILE));
    }

    /**
     * The credentials of kinds the plugin can use ({@code usable}), so that the form offers no SSH key or certificate
     * that would only fail at deploy time.
     */
    public static ListBoxModel forContext(Item item, String current, CredentialsMatcher usable) {
        return choices(item, current, usable, FormPermissions.mayConfigure(item));
    }

    /** The username-with-password credentials the ledger's database may use, for those who may set the ledger. */
    public static ListBoxModel forLedger(String current) {
        return choices(null, current, CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
                FormPermissions.mayConfigureLedger());
    }

    private static ListBoxModel choices(Item item, String current, CredentialsMatcher usable, boolean permitted) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!permitted) {
            model.includeCurrentValue(current);
            return model;
        }
        model.includeEmptyValue();
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), usable);
        } else {
            model.includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(), usable);
        }
        model.includeCurrentValue(current);
        return model;
    }
}
