package io.jenkins.plugins.cdpipelines.steps;

import io.cdpipelines.model.ApprovalDecision;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import hudson.util.Secret;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.testcluster.SimulatedCluster;
import io.jenkins.plugins.cdpipelines.approval.ApprovalAction;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;
import io.jenkins.plugins.cdpipelines.config.KubernetesDataPlaneConfig;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each step in a real Pipeline against fabric8's mock Kubernetes API server (extended with server-side apply and a
 * Deployment controller): the cluster is reached through a secret text token or a kubeconfig file credential.
 */
@WithJenkins
class KubernetesStepsTest {
    static final String IMAGE_1 = "registry.example.com/shop/cart@sha256:" + "1a2b3c4d".repeat(8);
    static final String IMAGE_2 = "registry.example.com/shop/cart@sha256:" + "5e6f7a8b".repeat(8);

    private SimulatedCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new SimulatedCluster();
        cluster.createNamespace("shop-dev");
        cluster.createNamespace("shop-staging");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** Waits (30 s at most) until {@code build} has a deployment under way whose objects reached {@code namespace}. */
    static List<Deployment> waitUntilTheRolloutIsAwaited(SimulatedCluster cluster, WorkflowRun build, String namespace)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        List<Deployment> unfinished = List.of();
        while ((unfinished.isEmpty() || imageIn(cluster, namespace) == null) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            unfinished = CdPipelinesEngine.get().ledger().unfinishedDeployments(build.getUrl());
        }
        return unfinished;
    }

    /** A data plane on the test cluster, environments dev and staging on it, folder shop attached, job shop/cart. */
    static WorkflowJob cartJob(JenkinsRule r, SimulatedCluster cluster, boolean kubeconfig, String script)
            throws Exception {
        var store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        KubernetesDataPlaneConfig plane = new KubernetesDataPlaneConfig("cluster");
        if (kubeconfig) {
            store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "kubeconfig",
                    "test cluster", "config", SecretBytes.fromRawBytes(
                            cluster.kubeconfig("simulated").getBytes(StandardCharsets.UTF_8))));
            plane.setKubeconfigCredentialsId("kubeconfig");
            plane.setContext("simulated");
        } else {
            store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, "cluster-token",
                    "test cluster", Secret.fromString(SimulatedCluster.TOKEN)));
            plane.setServerUrl(cluster.url());
            plane.setCredentialsId("cluster-token");
        }
        return ShopOrganization.cart(ShopOrganization.on(r, plane, "cluster"), script);
    }

    static String imageIn(SimulatedCluster cluster, String namespace) {
        io.fabric8.kubernetes.api.model.apps.Deployment deployment = cluster.admin().apps().deployments()
                .inNamespace(namespace).withName("cart").get();
        return deployment == null ? null
                : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void recordPromoteAndRollBackOnTheClusterWithATokenCredential(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, cluster, false, """
                recordImage image: '%s', revision: 'r1', port: 8080
                def deployed = promoteImage to: 'dev', variables: [LOG_LEVEL: 'debug']
                echo "dev got ${deployed[0].digest} (${deployed[0].result})"
                promoteImage to: 'staging'
                echo "environments ${cdEnvironments()}"
                """.formatted(IMAGE_1));
        WorkflowRun first = r.buildAndAssertSuccess(job);
        r.assertLogContains("dev got sha256:" + "1a2b3c4d".repeat(8) + " (SUCCEEDED)", first);
        r.assertLogContains("dev: cart 1/1 ready", first);
        r.assertLogContains("environments [dev, staging]", first);
        assertEquals(IMAGE_1, imageIn(cluster, "shop-dev"));
        assertEquals(IMAGE_1, imageIn(cluster, "shop-staging"));
        assertTrue(cluster.admin().configMaps().inNamespace("shop-dev").list().getItems().stream()
                .anyMatch(c -> "debug".equals(c.getData().get("LOG_LEVEL"))));
        BuildRecordAction record = first.getAction(BuildRecordAction.class);
        assertEquals(List.of("dev", "staging"), record.getDeployments().stream().map(d -> d.getEnvironment()).toList());

        // a second release, then a rollback of staging from a build: the first digest runs there again
        job.setDefinition(new CpsFlowDefinition("""
                recordImage image: '%s', revision: 'r2', port: 8080
                promoteImage to: 'dev'
                promoteImage to: 'staging'
                def back = rollbackEnvironment environment: 'staging'
                echo "staging restores #${back.restores}"
                """.formatted(IMAGE_2), true));
        WorkflowRun second = r.buildAndAssertSuccess(job);
        assertEquals(IMAGE_2, imageIn(cluster, "shop-dev"));
        assertEquals(IMAGE_1, imageIn(cluster, "shop-staging"));
        var staging = new Slot("shop", "cart", "staging");
        Deployment current = CdPipelinesEngine.get().ledger().current(staging).orElseThrow();
        assertEquals(DeploymentKind.ROLLBACK, current.kind());
        assertEquals(second.getExternalizableId(), current.buildReference());
        r.assertLogContains("staging restores #" + current.restores(), second);
    }

    @Test
    void kubeconfigFileCredentialReachesTheCluster(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, cluster, true, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE_1));
        r.buildAndAssertSuccess(job);
        assertEquals(IMAGE_1, imageIn(cluster, "shop-dev"));
        // the token inside the kubeconfig is a secret: it is in neither the log nor the build record
        WorkflowRun build = job.getLastBuild();
        r.assertLogNotContains(SimulatedCluster.TOKEN, build);
        assertFalse(new String(java.nio.file.Files.readAllBytes(build.getRootDir().toPath().resolve("build.xml")),
                java.nio.charset.StandardCharsets.UTF_8).contains(SimulatedCluster.TOKEN));
    }

    @Test
    void failedRolloutFailsTheBuildAndTheEngineRestoresThePreviousDeployment(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, cluster, false, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE_1));
        r.buildAndAssertSuccess(job);
        cluster.breakImage(IMAGE_2, true);
        job.setDefinition(new CpsFlowDefinition("""
                recordImage image: '%s', revision: 'r2'
                promoteImage to: 'dev'
                """.formatted(IMAGE_2), true));
        WorkflowRun failed = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("progress deadline exceeded", failed);
        r.assertLogContains("dev: restoring deployment #", failed);
        assertEquals(IMAGE_1, imageIn(cluster, "shop-dev"));
        // the build's record shows both: the failed promotion and the automatic restore it caused
        assertEquals(List.of("PROMOTION FAILED", "ROLLBACK SUCCEEDED"), failed.getAction(BuildRecordAction.class)
                .getDeployments().stream().map(d -> d.getKind() + " " + d.getResult()).toList());
    }

    @Test
    void stoppingTheBuildStopsTheWaitAndRecordsTheDeploymentAsAborted(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, cluster, false, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE_1));
        cluster.holdRollouts();
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        Slot dev = new Slot("shop", "cart", "dev");
        waitUntilTheRolloutIsAwaited(cluster, build, "shop-dev");
        assertTrue(build.isBuilding());

        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));
        Deployment aborted = CdPipelinesEngine.get().ledger().history(dev, 1).get(0);
        assertEquals(DeploymentResult.FAILED, aborted.result());
        assertTrue(aborted.message().startsWith("aborted (build shop » cart #1 was stopped): stopped waiting for "
                + "the rollout of Deployment cart"), aborted.message());
        r.assertLogContains("dev: deployment #" + aborted.id() + " of cart failed: aborted", build);
        // nothing was restored: the rollout goes on in the cluster, and the ledger says nothing else ran
        assertEquals(1, CdPipelinesEngine.get().ledger().history(dev, 10).size());
        assertEquals(IMAGE_1, imageIn(cluster, "shop-dev"));
        assertEquals(1, build.getAction(BuildRecordAction.class).getDeployments().size());
    }

    @Test
    void aRolloutWaitHoldsADeploymentThreadNotOneOfJenkinsSharedTimerThreads(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, cluster, false, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE_1));
        cluster.holdRollouts();
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        waitUntilTheRolloutIsAwaited(cluster, build, "shop-dev");
        List<String> busy = Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("io.jenkins.plugins.cdpipelines.steps")))
                .map(e -> e.getKey().getName()).toList();
        // Timer's ten threads run every Pipeline's sleep and timeout: a rollout wait must not take one
        assertTrue(busy.stream().noneMatch(name -> name.startsWith("jenkins.util.Timer")), busy.toString());
        assertTrue(busy.stream().anyMatch(name -> name.startsWith("CD Pipelines deployment")), busy.toString());
        cluster.releaseRollouts();
        r.assertBuildStatusSuccess(r.waitForCompletion(build));
    }

    @Test
    void stoppingABuildThatWaitsForApprovalWithdrawsTheRequest(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, cluster, false, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE_1));
        ShopOrganization.requireApproval("dev", "alice");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("require approval by one of [alice]", build);

        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));
        ApprovalAction approvals = build.getAction(ApprovalAction.class);
        assertNotNull(approvals);
        assertTrue(approvals.getPending().isEmpty());
        assertEquals(ApprovalDecision.WITHDRAWN, approvals.getDecided().get(0).getDecision());
        assertTrue(CdPipelinesEngine.get().ledger().history(new Slot("shop", "cart", "dev"), 1).isEmpty());
    }
}
