package io.jenkins.plugins.cdpipelines.ledger;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.cdpipelines.ledger.LedgerAddress;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.ledger.PostgresLedger;
import io.cdpipelines.model.InvalidInputException;
import io.jenkins.plugins.cdpipelines.config.CredentialChoices;
import io.jenkins.plugins.cdpipelines.config.FormPermissions;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the controller keeps its ledger (Manage Jenkins, and {@code unclassified: cdPipelinesLedger:} in JCasC): in
 * its home by default, or in a PostgreSQL database that other controllers and {@code cdp} share, reached with a
 * username-with-password credential. (The database plugin's convention could not be followed: that plugin is not
 * among those built here, so this is a plain setting.)
 */
@Extension
@Symbol("cdPipelinesLedger")
public class LedgerConfiguration extends GlobalConfiguration {
    private static final String CREDENTIALS_GO = "the database credential below";
    private String url;
    private String credentialsId;

    public LedgerConfiguration() {
        load();
    }

    public static LedgerConfiguration get() {
        return ExtensionList.lookupSingleton(LedgerConfiguration.class);
    }

    public String getUrl() {
        return url;
    }

    /** {@code postgresql://host[:port]/database}, or blank for the ledger in the controller's home. */
    @DataBoundSetter
    public void setUrl(String url) {
        this.url = url == null || url.isBlank() ? null : url.strip();
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = credentialsId == null || credentialsId.isBlank() ? null : credentialsId;
        save();
    }

    /** The ledger these settings name; {@code home} holds the embedded one. */
    public LedgerAddress address(Path home) {
        return url == null ? new LedgerAddress.Embedded(home) : LedgerAddress.parseShared("url", url, CREDENTIALS_GO);
    }

    /** The shared ledger's user and password, from the credential; none for the embedded ledger. */
    public LedgerAddress.Credentials credentials() {
        return credentials(credentialsId);
    }

    private static LedgerAddress.Credentials credentials(String id) {
        if (id == null || id.isBlank()) {
            return LedgerAddress.Credentials.NONE;
        }
        StandardUsernamePasswordCredentials login = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardUsernamePasswordCredentials.class,
                        Jenkins.get(), ACL.SYSTEM2, List.of()), CredentialsMatchers.withId(id));
        if (login == null) {
            throw new LedgerException("the ledger credential " + id + " is not a username with password among the "
                    + "global credentials: add it, or choose another in Manage Jenkins > System > CD Pipelines ledger",
                    null);
        }
        return new LedgerAddress.Credentials(login.getUsername(), login.getPassword().getPlainText());
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        String given = json.optString("url", "").strip();
        if (!given.isEmpty()) {
            try {
                LedgerAddress.parseShared("url", given, CREDENTIALS_GO);
            } catch (InvalidInputException e) {
                throw new FormException(inWords(e), "url");
            }
        }
        return super.configure(req, json);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        return CredentialChoices.forLedger(credentialsId);
    }

    @POST
    public FormValidation doCheckUrl(@QueryParameter String value) {
        if (!FormPermissions.mayConfigureLedger()) {
            return FormValidation.ok(); // a check reveals nothing to one who may not configure
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok("Blank: the ledger in this controller's home (JENKINS_HOME/cd-pipelines)");
        }
        try {
            LedgerAddress.parseShared("url", value, CREDENTIALS_GO);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(inWords(e));
        }
    }

    /** Connects without changing anything there, and says what it found. */
    @POST
    public FormValidation doTestConnection(@QueryParameter String url, @QueryParameter String credentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER); // as FormPermissions.mayConfigureLedger, refusing
        if (url == null || url.isBlank()) {
            return FormValidation.ok("The ledger in this controller's home needs no connection");
        }
        try {
            LedgerAddress.Shared shared = LedgerAddress.parseShared("url", url, CREDENTIALS_GO);
            LedgerAddress.Credentials login = credentials(credentialsId);
            return FormValidation.ok("Connected to " + shared.describe() + ": "
                    + PostgresLedger.describeDatabase(shared.jdbcUrl(), login.user(), login.password()));
        } catch (InvalidInputException e) {
            return FormValidation.error(inWords(e));
        } catch (LedgerException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** The problem as the form shows it, beside its field: without the field's name in front. */
    private static String inWords(InvalidInputException e) {
        return e.problems().get(0).message();
    }
}
