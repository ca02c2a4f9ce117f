package io.jenkins.plugins.cdpipelines.engine;

import hudson.Extension;
import hudson.ExtensionList;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.gitops.GitOpsDriver;
import io.cdpipelines.kubernetes.KubernetesClients;
import io.cdpipelines.kubernetes.KubernetesDriver;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.LedgerException;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.config.RunningDeployments;
import io.jenkins.plugins.cdpipelines.ledger.LedgerConfiguration;
import jenkins.model.Jenkins;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine inside Jenkins: the ledger the settings name (in {@code $JENKINS_HOME/cd-pipelines}, which the
 * {@code cdp} command may share, or a shared PostgreSQL database), one Kubernetes client per data plane and the GitOps
 * clones, all kept for the controller's life; each operation gets an engine over the current organization and the
 * build's secrets. When the settings name another ledger, new operations use it; the one before stays open for the
 * operations under way in it until the controller stops.
 */
@Extension
public class CdPipelinesEngine implements RunningDeployments {
    /** How long a ledger that could not be opened is not tried again (pages would each wait for the server). */
    private static final Duration RETRY_OPEN = Duration.ofSeconds(15);
    private Ledger ledger;
    private String ledgerOpenedFor;
    private final List<Ledger> earlierLedgers = new ArrayList<>();
    @Override
    public java.util.List<io.cdpipelines.model.Deployment> current() {
        return ledger().board(java.util.Optional.empty());
    }

    /** The last failure to open the ledger, said again for a while rather than waiting on the server each time. */
    private LedgerException openFailure;
    private String openFailureFor;
    private Instant openFailedAt = Instant.MIN;
    private KubernetesClients kubernetes;
    private GitOpsDriver gitops;

    public static CdPipelinesEngine get() {
        return ExtensionList.lookupSingleton(CdPipelinesEngine.class);
    }

    public Path dataDirectory() {
        return Jenkins.get().getRootDir().toPath().resolve("cd-pipelines");
    }

    public synchronized Ledger ledger() {
        LedgerConfiguration settings = LedgerConfiguration.get();
        // called by every page and step: the settings as given say whether they changed; parsed only to open
        String wanted = settings.getUrl() + " as " + settings.getCredentialsId();
        if (ledger == null || !wanted.equals(ledgerOpenedFor)) {
            if (wanted.equals(openFailureFor) && Instant.now().isBefore(openFailedAt.plus(RETRY_OPEN))) {
                throw openFailure;
            }
            Ledger opened;
            try {
                opened = settings.address(dataDirectory()).open(settings.credentials(), Duration.ofSeconds(30));
            } catch (LedgerException e) {
                openFailure = e;
                openFailureFor = wanted;
                openFailedAt = Instant.now();
                throw e;
            }
            if (ledger != null) {
                earlierLedgers.add(ledger);
            }
            ledger = opened;
            ledgerOpenedFor = wanted;
        }
        return ledger;
    }

    /** An engine over the organization as configured now, resolving configuration secrets with {@code secrets}. */
    public synchronized CdEngine engine(SecretResolver secrets) {
        if (kubernetes == null) {
            SystemCredentials system = new SystemCredentials();
            kubernetes = new KubernetesClients(system, Duration.ofSeconds(30));
            gitops = new GitOpsDriver(dataDirectory().resolve("clones"), system);
        }
        return CdEngine.builder(Organizations.current(), ledger())
                .driver(new KubernetesDriver(kubernetes))
                .driver(gitops)
                .secrets(secrets)
                .build();
    }

    /** Closes the cluster connections and the ledger, as the controller shuts down (see the steps' shutdown). */
    public synchronized void close() {
        if (kubernetes != null) {
            kubernetes.close();
            kubernetes = null;
        }
        if (ledger != null) {
            ledger.close();
            ledger = null;
        }
        earlierLedgers.forEach(Ledger::close);
        earlierLedgers.clear();
    }
}
