package io.jenkins.plugins.cdpipelines.steps;

import io.cdpipelines.model.ApprovalDecision;
import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.testcluster.SimulatedCluster;
import io.jenkins.plugins.cdpipelines.approval.ApprovalAction;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.config.CdPipelinesConfiguration;
import io.jenkins.plugins.cdpipelines.config.EnvironmentConfig;
import io.jenkins.plugins.cdpipelines.config.GitOpsDataPlaneConfig;
import io.jenkins.plugins.cdpipelines.config.PipelineConfig;
import io.jenkins.plugins.cdpipelines.config.ProtectionConfig;
import org.eclipse.jgit.api.Git;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A promotion waiting for approval, or for its rollout, goes on after a controller restart. */
class RestartTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    File repository;

    @Test
    void approvalGivenAfterARestartLetsTheStepFinish() throws Throwable {
        sessions.then(r -> {
            Git.init().setDirectory(repository).setInitialBranch("main").call().close();
            CdPipelinesConfiguration configuration = CdPipelinesConfiguration.get();
            configuration.setDataPlanes(List.of(new GitOpsDataPlaneConfig("fleet", repository.getAbsolutePath())));
            EnvironmentConfig dev = new EnvironmentConfig("dev");
            dev.setDataPlane("fleet");
            ProtectionConfig protection = new ProtectionConfig();
            protection.setApprovalRequired(true);
            protection.setApprovers(List.of("alice"));
            dev.setProtection(protection);
            configuration.setEnvironments(List.of(dev));
            PipelineConfig only = new PipelineConfig("only");
            only.setEnvironments(List.of("dev"));
            configuration.setPipelines(List.of(only));
            r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
            Folder shop = r.jenkins.createProject(Folder.class, "shop");
            WorkflowJob job = shop.createProject(WorkflowJob.class, "cart");
            job.setDefinition(new CpsFlowDefinition("""
                    recordImage image: '%s', revision: 'r1'
                    promoteImage to: 'dev'
                    """.formatted(IMAGE), true));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("require approval by one of [alice]", build);
        });
        sessions.then(r -> {
            WorkflowJob job = r.jenkins.getItemByFullName("shop/cart", WorkflowJob.class);
            WorkflowRun build = job.getBuildByNumber(1);
            ApprovalAction approvals = build.getAction(ApprovalAction.class);
            String id = approvals.getPending().get(0).getId();
            try (ACLContext ignored = ACL.as2(User.getById("alice", true).impersonate2())) {
                approvals.doApprove(id);
            }
            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            assertEquals(ApprovalDecision.APPROVED, approvals.getDecided().get(0).getDecision());
        });
    }

    @Test
    void rolloutWaitSurvivesARestartAndTheSameDeploymentIsFinished() throws Throwable {
        try (SimulatedCluster cluster = new SimulatedCluster()) {
            cluster.createNamespace("shop-dev");
            cluster.createNamespace("shop-staging");
            long[] underWay = new long[1];
            sessions.then(r -> {
                WorkflowJob job = KubernetesStepsTest.cartJob(r, cluster, false, """
                        recordImage image: '%s', revision: 'r1'
                        def deployed = promoteImage to: 'dev'
                        echo "finished #${deployed[0].deployment} ${deployed[0].result}"
                        """.formatted(KubernetesStepsTest.IMAGE_1));
                cluster.holdRollouts();
                WorkflowRun build = job.scheduleBuild2(0).waitForStart();
                List<Deployment> unfinished = KubernetesStepsTest.waitUntilTheRolloutIsAwaited(cluster, build,
                        "shop-dev");
                assertEquals(1, unfinished.size());
                underWay[0] = unfinished.get(0).id();
            });
            sessions.then(r -> {
                // the shutdown left the deployment under way, neither failed nor aborted
                Deployment afterRestart = CdPipelinesEngine.get().ledger().deployment(underWay[0]).orElseThrow();
                assertEquals(DeploymentResult.IN_PROGRESS, afterRestart.result());
                cluster.releaseRollouts();
                WorkflowRun build = r.jenkins.getItemByFullName("shop/cart", WorkflowJob.class).getBuildByNumber(1);
                r.assertBuildStatusSuccess(r.waitForCompletion(build));
                r.assertLogContains("dev: resuming deployment #" + underWay[0], build);
                r.assertLogContains("finished #" + underWay[0] + " SUCCEEDED", build);
                Deployment finished = CdPipelinesEngine.get().ledger()
                        .current(new Slot("shop", "cart", "dev")).orElseThrow();
                assertEquals(underWay[0], finished.id());
                assertEquals(KubernetesStepsTest.IMAGE_1, KubernetesStepsTest.imageIn(cluster, "shop-dev"));
            });
        }
    }
}
