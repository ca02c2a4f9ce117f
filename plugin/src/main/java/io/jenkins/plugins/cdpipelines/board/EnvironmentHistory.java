package io.jenkins.plugins.cdpipelines.board;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import hudson.model.Api;
import hudson.model.ModelObject;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment's history, under a board ({@code cd-environments/environment/NAME}): every deployment, rollback
 * and failure there, newest first, of the board's project (and those nested in it) or of the whole instance.
 */
@ExportedBean
public class EnvironmentHistory implements ModelObject {
    private static final int LIMIT = 200;
    private final String environment;
    private final Optional<String> project;

    EnvironmentHistory(String environment, Optional<String> project) {
        this.environment = environment;
        this.project = project;
    }

    /**
     * Where a project's deployments to an environment are shown: the environment's history on the project's folder
     * board, or on the instance board for a job outside any folder; absolute when Jenkins knows its root URL.
     */
    public static String url(String project, String environment) {
        Jenkins jenkins = Jenkins.get();
        AbstractFolder<?> folder = jenkins.getItemByFullName(project, AbstractFolder.class);
        String root = Objects.requireNonNullElse(jenkins.getRootUrl(), "/");
        return root + (folder == null ? "" : folder.getUrl()) + "cd-environments/environment/" + environment + "/";
    }

    @Exported
    public String getEnvironment() {
        return environment;
    }

    @Exported
    public List<BoardEntry> getDeployments() {
        return VisibleDeployments.fromLedger(ledger -> project.map(p -> ledger.historyOfEnvironment(environment, p, LIMIT))
                .orElseGet(() -> ledger.historyOfEnvironment(environment, LIMIT)));
    }

    /** Why the ledger cannot be read now, in its own words; null when it can. */
    @Exported
    public String getLedgerProblem() {
        return VisibleDeployments.ledgerProblem();
    }

    // a ModelObject: Stapler routes URLs only to types it knows for web objects (TypedFilter)
    @Override
    public String getDisplayName() {
        return "History of " + environment;
    }

    /** {@code api/json} of the history. */
    public Api getApi() {
        return new Api(this);
    }
}
