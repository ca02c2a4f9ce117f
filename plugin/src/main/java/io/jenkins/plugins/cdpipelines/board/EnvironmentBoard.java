package io.jenkins.plugins.cdpipelines.board;

import hudson.model.Action;
import hudson.model.Api;
import io.jenkins.plugins.cdpipelines.config.CdPipelinesConfiguration;
import io.jenkins.plugins.cdpipelines.config.EnvironmentConfig;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.util.List;
import java.util.Optional;

/**
 * The environment board: what each component of a project runs in each environment, when and by whom, with each
 * environment's recent history; on the whole instance or one folder (a project and those nested in it). The same
 * data is in {@code api/json}.
 */
@ExportedBean
public class EnvironmentBoard implements Action {
    private static final int HISTORY = 20;
    private final Optional<String> project;

    EnvironmentBoard(Optional<String> project) {
        this.project = project;
    }

    /** Current deployments, one per project, component and environment. */
    @Exported
    public List<BoardEntry> getEntries() {
        return VisibleDeployments.fromLedger(ledger -> ledger.board(project));
    }

    /**
     * Why the ledger cannot be read now (a shared database that cannot be reached, say), in its own words; null when
     * it can. The page shows it in place of an error page, and its tables are empty meanwhile.
     */
    @Exported
    public String getLedgerProblem() {
        return VisibleDeployments.ledgerProblem();
    }

    /**
     * Last attempts that did not take (failed or aborted), where they are not what runs: the promotion rules treat
     * those slots as unhealthy, so the board shows them beside what runs.
     */
    @Exported
    public List<BoardEntry> getFailedAttempts() {
        return VisibleDeployments.fromLedger(ledger -> ledger.lastAttemptsBesideTheBoard(project));
    }

    /** The latest deployments of the project, or of the whole instance, newest first. */
    @Exported
    public List<BoardEntry> getHistory() {
        return VisibleDeployments.fromLedger(ledger -> project.map(p -> ledger.historyOfProject(p, HISTORY))
                .orElseGet(() -> ledger.recentDeployments(HISTORY)));
    }

    /** {@code environment/NAME}: one environment's history; none (a 404) for a name that is not configured. */
    public EnvironmentHistory getEnvironment(String name) {
        return getEnvironmentNames().contains(name) ? new EnvironmentHistory(name, project) : null;
    }

    /** The configured environments, for the links to their histories. */
    public List<String> getEnvironmentNames() {
        return CdPipelinesConfiguration.get().getEnvironments().stream().map(EnvironmentConfig::getName).toList();
    }

    /** {@code api/json} of the board. */
    public Api getApi() {
        return new Api(this);
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Environments";
    }

    @Override
    public String getUrlName() {
        return "cd-environments";
    }
}
