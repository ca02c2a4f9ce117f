package io.jenkins.plugins.cdpipelines.steps;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.cdpipelines.config.CdPipelinesConfiguration;
import io.jenkins.plugins.cdpipelines.config.EnvironmentConfig;
import io.jenkins.plugins.cdpipelines.config.GitOpsDataPlaneConfig;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.config.PipelineConfig;
import io.jenkins.plugins.cdpipelines.config.SecretConfig;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import io.jenkins.plugins.cdpipelines.config.ProjectEnvironmentConfig;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.eclipse.jgit.api.Git;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folder inheritance, permissions and secrets, in real Pipelines on a GitOps data plane. */
@WithJenkins
class GovernanceTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);
    private static final String SECRET = "s3cr3t-db-password-value";

    @TempDir
    File repository;

    @Test
    void withoutAnAuthenticatorThePersonWhoStartedTheBuildNeedsThePermissions(JenkinsRule r) throws Exception {
        // a default Jenkins: builds run as SYSTEM
        WorkflowJob job = cartPromotingToProductionBuildableByBob(r);
        WorkflowRun byBob = r.assertBuildStatus(Result.FAILURE,
                job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("bob"))));
        r.assertLogContains("dev: deployment #1 of cart succeeded", byBob);
        r.assertLogContains("promoteImage: bob lacks the PromoteProduction permission on shop/cart for production",
                byBob);
        // started by a build that bob started: bob is held to the permissions
        WorkflowJob train = r.jenkins.createProject(WorkflowJob.class, "release-train");
        train.setDefinition(new CpsFlowDefinition("echo 'go'", true));
        WorkflowRun trainByBob = r.assertBuildStatusSuccess(train.scheduleBuild2(0,
                new CauseAction(new Cause.UserIdCause("bob"))));
        WorkflowRun downstream = r.assertBuildStatus(Result.FAILURE,
                job.scheduleBuild2(0, new CauseAction(new Cause.UpstreamCause(trainByBob))));
        r.assertLogContains("dev: deployment #2 of cart succeeded", downstream);
        r.assertLogContains("promoteImage: bob lacks the PromoteProduction permission on shop/cart for production",
                downstream);
        // started by no person (an SCM push, a timer) and running as SYSTEM: it may do what anonymous may
        WorkflowRun unattended = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("promoteImage: no person started this build and shop/cart runs as SYSTEM, so it may do "
                + "what anonymous may, and anonymous lacks the Promote permission for dev: run the job as a user who "
                + "has it (Authorize Project), or require approval on dev", unattended);
        r.assertLogNotContains("deployment #3", unattended);
    }

    @Test
    void theOrganizationAndItsFormChecksDoNotDependOnWhoMayReadWhat(JenkinsRule r) throws Exception {
        organization(true);
        Folder shop = r.jenkins.createProject(Folder.class, "shop");
        CdPipelinesFolderProperty attached = new CdPipelinesFolderProperty();
        attached.setPipelines(List.of("standard"));
        shop.addProperty(attached);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        // reader cannot see folder shop, yet the organization is the same for every caller (the rules see it all)
        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertEquals(List.of("shop"), Organizations.current().spec().projects().stream().map(p -> p.path())
                    .toList());
        }
        // the form checks name the organization's data planes only to those who configure it
        String check = "descriptorByName/io.jenkins.plugins.cdpipelines.config.EnvironmentConfig/checkDataPlane"
                + "?value=nowhere";
        String toReader = r.createWebClient().login("reader").goTo(check, null).getWebResponse().getContentAsString();
        assertFalse(toReader.contains("fleet"), toReader);
        String toAdmin = r.createWebClient().login("admin").goTo(check, null).getWebResponse().getContentAsString();
        assertTrue(toAdmin.contains("fleet"), toAdmin);
    }

    /** Job shop/cart promoting to dev, then production; bob may build it (so he may Promote, not to production). */
    private WorkflowJob cartPromotingToProductionBuildableByBob(JenkinsRule r) throws Exception {
        organization(true);
        Folder shop = r.jenkins.createProject(Folder.class, "shop");
        WorkflowJob job = shop.createProject(WorkflowJob.class, "cart");
        job.setDefinition(new CpsFlowDefinition("""
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                promoteImage to: 'production'
                """.formatted(IMAGE), true));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("bob")
                .grant(Item.READ, Item.BUILD).onFolders(shop).to("bob"));
        return job;
    }

    private void organization(boolean productionLast) throws Exception {
        Git.init().setDirectory(repository).setInitialBranch("main").call().close();
        CdPipelinesConfiguration configuration = CdPipelinesConfiguration.get();
        configuration.setDataPlanes(List.of(new GitOpsDataPlaneConfig("fleet", repository.getAbsolutePath())));
        EnvironmentConfig dev = new EnvironmentConfig("dev");
        dev.setDataPlane("fleet");
        EnvironmentConfig qa = new EnvironmentConfig("qa");
        qa.setDataPlane("fleet");
        EnvironmentConfig production = new EnvironmentConfig("production");
        production.setDataPlane("fleet");
        production.setProduction(productionLast);
        configuration.setEnvironments(List.of(dev, qa, production));
        PipelineConfig standard = new PipelineConfig("standard");
        standard.setEnvironments(List.of("dev", "production"));
        PipelineConfig testing = new PipelineConfig("testing");
        testing.setEnvironments(List.of("qa"));
        configuration.setPipelines(List.of(standard, testing));
        configuration.setDefaultPipeline("standard");
    }

    @Test
    void nestedFoldersInheritFromTheNearestFolderThatAttaches(JenkinsRule r) throws Exception {
        organization(false);
        Folder team = r.jenkins.createProject(Folder.class, "team");
        CdPipelinesFolderProperty attachment = new CdPipelinesFolderProperty();
        attachment.setPipelines(List.of("testing"));
        team.addProperty(attachment);
        Folder shop = team.createProject(Folder.class, "shop");
        WorkflowJob nested = shop.createProject(WorkflowJob.class, "cart");
        nested.setDefinition(new CpsFlowDefinition("echo \"environments ${cdEnvironments()}\"", true));
        r.assertLogContains("environments [qa]", r.buildAndAssertSuccess(nested));

        WorkflowJob topLevel = r.jenkins.createProject(WorkflowJob.class, "tool");
        topLevel.setDefinition(new CpsFlowDefinition("echo \"environments ${cdEnvironments()}\"", true));
        r.assertLogContains("environments [dev, production]", r.buildAndAssertSuccess(topLevel));
    }

    @Test
    void promotingToProductionNeedsItsOwnPermission(JenkinsRule r) throws Exception {
        WorkflowJob job = cartPromotingToProductionBuildableByBob(r);
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().add(new MockQueueItemAuthenticator()
                .authenticate(job.getFullName(), User.getById("bob", true).impersonate2()));
        WorkflowRun build = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("dev: deployment #1 of cart succeeded", build);
        r.assertLogContains("promoteImage: bob lacks the PromoteProduction permission on shop/cart for production",
                build);
    }

    @Test
    void secretValuesNeverReachTheLogOrTheBuildRecord(JenkinsRule r) throws Exception {
        organization(false);
        Folder shop = r.jenkins.createProject(Folder.class, "shop");
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "db-password", "database", Secret.fromString(SECRET)));
        ProjectEnvironmentConfig dev = new ProjectEnvironmentConfig("dev");
        dev.setSecrets(List.of(new SecretConfig("DB_PASSWORD", "db-password")));
        CdPipelinesFolderProperty property = new CdPipelinesFolderProperty();
        property.setEnvironments(List.of(dev));
        shop.addProperty(property);
        WorkflowJob job = shop.createProject(WorkflowJob.class, "cart");
        job.setDefinition(new CpsFlowDefinition("""
                recordImage image: '%s', revision: 'r1'
                def deployed = promoteImage to: 'dev'
                echo "deployed ${deployed}"
                """.formatted(IMAGE), true));
        WorkflowRun build = r.buildAndAssertSuccess(job);
        r.assertLogNotContains(SECRET, build);
        String buildXml = Files.readString(new File(build.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8);
        assertFalse(buildXml.contains(SECRET));
        assertEquals(1, build.getAction(io.jenkins.plugins.cdpipelines.build.BuildRecordAction.class)
                .getDeployments().size());
    }
}
