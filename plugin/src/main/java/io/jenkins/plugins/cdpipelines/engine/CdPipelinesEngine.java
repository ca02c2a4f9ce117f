package io.jenkins.plugins.cdpipelines.engine;

import hudson.Extension;
import hudson.ExtensionList;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.gitops.GitOpsDriver;
import io.cdpipelines.kubernetes.KubernetesClients;
import io.cdpipelines.kubernetes.KubernetesDriver;
import io.cdpipelines.ledger.SqliteLedger;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import jenkins.model.Jenkins;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine inside Jenkins: one ledger in {@code $JENKINS_HOME/cd-pipelines} (which the {@code cdp} command may
 * share), one Kubernetes client per data plane and the GitOps clones, all kept for the controller's life; each
 * operation gets an engine over the current organization and the build's secrets.
 */
@Extension
public class CdPipelinesEngine {
    private SqliteLedger ledger;
    private KubernetesClients kubernetes;
    private GitOpsDriver gitops;

    public static CdPipelinesEngine get() {
        return ExtensionList.lookupSingleton(CdPipelinesEngine.class);
    }

    public Path dataDirectory() {
        return Jenkins.get().getRootDir().toPath().resolve("cd-pipelines");
    }

    public synchronized SqliteLedger ledger() {
        if (ledger == null) {
            ledger = SqliteLedger.open(dataDirectory());
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
    }
}
