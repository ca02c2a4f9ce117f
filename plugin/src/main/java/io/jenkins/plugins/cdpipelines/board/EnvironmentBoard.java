package io.jenkins.plugins.cdpipelines.board;

import hudson.model.Action;
import hudson.model.Api;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.Deployment;
import io.jenkins.plugins.cdpipelines.config.CdPipelinesConfiguration;
import io.jenkins.plugins.cdpipelines.config.EnvironmentConfig;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
        return fromLedger(ledger -> ledger.board(project));
    }

    /**
     * Why the ledger cannot be read now (a shared database that cannot be reached, say), in its own words; null when
     * it can. The page shows it in place of an error page, and its tables are empty meanwhile.
     */
    @Exported
    public String getLedgerProblem() {
        return ledgerProblem();
    }

    static String ledgerProblem() {
        try {
            CdPipelinesEngine.get().ledger();
            return null;
        } catch (LedgerException e) {
            return e.getMessage();
        }
    }

    /** What {@code query} reads of the ledger, as the user may see it; nothing when the ledger cannot be read. */
    static List<BoardEntry> fromLedger(Function<Ledger, List<Deployment>> query) {
        try {
            return visible(query.apply(CdPipelinesEngine.get().ledger()));
        } catch (LedgerException e) {
            return List.of(); // getLedgerProblem says why
        }
    }

    /**
     * Last attempts that did not take (failed or aborted), where they are not what runs: the promotion rules treat
     * those slots as unhealthy, so the board shows them beside what runs.
     */
    @Exported
    public List<BoardEntry> getFailedAttempts() {
        return fromLedger(ledger -> ledger.lastAttemptsBesideTheBoard(project));
    }

    /** The latest deployments of the project, or of the whole instance, newest first. */
    @Exported
    public List<BoardEntry> getHistory() {
        return fromLedger(ledger -> project.map(p -> ledger.historyOfProject(p, HISTORY))
                .orElseGet(() -> ledger.recentDeployments(HISTORY)));
    }

    /**
     * The deployments of projects the current user may see: a project is its folder (or, outside folders, its
     * job), so one whose item is hidden from the user is left out — teams sharing an instance see their own.
     * Administrators see all, also deployments of projects whose folder is gone.
     */
    static List<BoardEntry> visible(List<Deployment> deployments) {
        Jenkins jenkins = Jenkins.get();
        boolean administrator = jenkins.hasPermission(Jenkins.ADMINISTER);
        Map<String, Boolean> readable = new HashMap<>();
        return deployments.stream()
                .filter(d -> administrator || readable.computeIfAbsent(d.slot().project(),
                        p -> jenkins.getItemByFullName(p) != null))
                .map(BoardEntry::new).toList();
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

    /** One deployment as the board shows it. */
    @ExportedBean(defaultVisibility = 2)
    public static final class BoardEntry {
        private final Deployment deployment;

        BoardEntry(Deployment deployment) {
            this.deployment = deployment;
        }

        @Exported
        public long getNumber() {
            return deployment.id();
        }

        @Exported
        public String getProject() {
            return deployment.slot().project();
        }

        @Exported
        public String getComponent() {
            return deployment.slot().component();
        }

        @Exported
        public String getEnvironment() {
            return deployment.environment();
        }

        @Exported
        public String getDigest() {
            return deployment.image().digest().value();
        }

        public String getShortDigest() {
            return deployment.image().digest().shortForm();
        }

        @Exported
        public String getRevision() {
            return deployment.revision();
        }

        @Exported
        public String getResult() {
            return deployment.result().name();
        }

        @Exported
        public String getKind() {
            return deployment.kind().name();
        }

        @Exported
        public String getMessage() {
            return deployment.message();
        }

        @Exported
        public String getRequestedBy() {
            return deployment.requestedBy();
        }

        @Exported
        public String getWhen() {
            return String.valueOf(deployment.finishedAt() != null ? deployment.finishedAt() : deployment.startedAt());
        }

        /** How long ago, for the page (the exact time is {@link #getWhen}). */
        public String getAgo() {
            var at = deployment.finishedAt() != null ? deployment.finishedAt() : deployment.startedAt();
            long minutes = java.time.Duration.between(at, java.time.Instant.now()).toMinutes();
            // the largest unit only: a board is read at a glance
            return minutes < 1 ? "just now" : minutes < 60 ? minutes + " min ago" : minutes < 48 * 60
                    ? minutes / 60 + " h ago" : minutes / (24 * 60) + " days ago";
        }

        /** The build that made it as people name it ({@code shop » cart #1}). */
        public String getBuildName() {
            return buildName(deployment.buildReference());
        }

        /**
         * {@code shop/my cart#1} (an externalizable id, as builds are recorded) or {@code job/shop/job/my%20cart/1/}
         * (a build URL, as earlier versions recorded them) as {@code shop » my cart #1}; anything else as it is.
         */
        static String buildName(String reference) {
            if (reference == null || reference.isBlank()) {
                return "";
            }
            int hash = reference.lastIndexOf('#');
            if (!reference.startsWith("job/") && hash > 0 && reference.substring(hash + 1).matches("\\d+")) {
                return reference.substring(0, hash).replace("/", " » ") + " #" + reference.substring(hash + 1);
            }
            String[] parts = reference.replaceAll("/+$", "").split("/");
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].equals("job") && i + 1 < parts.length) {
                    // job names are URL-encoded in build URLs (a space is %20, a '+' stays '+')
                    String job = URLDecoder.decode(parts[++i].replace("+", "%2B"), StandardCharsets.UTF_8);
                    name.append(name.isEmpty() ? "" : " » ").append(job);
                } else if (parts[i].matches("\\d+")) {
                    name.append(" #").append(parts[i]);
                }
            }
            return name.isEmpty() ? reference : name.toString();
        }

        /** The build that made it, relative to the Jenkins root URL. */
        @Exported
        public String getBuild() {
            return buildUrl(deployment.buildReference());
        }

        /**
         * Where the build is now, found by its externalizable id (a build URL an earlier version recorded is taken as
         * it is); null when it is gone, the caller may not see it, or it is no Jenkins build ({@code cdp}).
         */
        static String buildUrl(String reference) {
            if (reference == null || reference.isBlank()) {
                return null;
            }
            if (reference.startsWith("job/")) {
                return reference;
            }
            try {
                hudson.model.Run<?, ?> run = hudson.model.Run.fromExternalizableId(reference);
                return run == null ? null : run.getUrl();
            } catch (IllegalArgumentException | org.springframework.security.access.AccessDeniedException e) {
                return null;
            }
        }
    }
}
