package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import groovy.lang.GroovyShell;
import hudson.security.ACL;
import hudson.security.HudsonPrivateSecurityRealm;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import jenkins.model.Jenkins;
import org.eclipse.jgit.api.Git;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code ./jenkins-demo} gives {@code hpi:run}: the JCasC of {@code examples/jenkins/jenkins.yaml} and the init
 * script of {@code examples/jenkins/init.groovy.d/}, which build shop/cart up to production's approval.
 */
@WithJenkins
class DemoJenkinsTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path gitops;

    @Test
    void theDemoConfiguresJenkinsAndBuildsTheCartJobUpToProductionsApproval(JenkinsRule r) throws Exception {
        Git.init().setDirectory(gitops.toFile()).setInitialBranch("main").call().close();
        System.setProperty("CDP_DEMO_GITOPS", gitops.toString());
        System.setProperty("CDP_DEMO_EXAMPLES", EXAMPLES.toString());
        try {
            ConfigurationAsCode.get().configure(EXAMPLES.resolve("jenkins/jenkins.yaml").toString());
            HudsonPrivateSecurityRealm realm = (HudsonPrivateSecurityRealm) r.jenkins.getSecurityRealm();
            assertNotNull(realm.getUser("alice"));
            List<StringCredentials> secrets = CredentialsProvider.lookupCredentialsInItemGroup(
                    StringCredentials.class, r.jenkins, ACL.SYSTEM2, List.of());
            assertTrue(secrets.stream().anyMatch(c -> c.getId().equals("production-db-password")));
            assertEquals(List.of("dev", "staging", "production"),
                    Organizations.current().spec().pipelines().get(0).mentionedEnvironments());

            new GroovyShell(Jenkins.get().getPluginManager().uberClassLoader)
                    .evaluate(EXAMPLES.resolve("jenkins/init.groovy.d/cart-job.groovy").toFile());
            WorkflowJob cart = r.jenkins.getItemByFullName("shop/cart", WorkflowJob.class);
            assertNotNull(cart, "the init script creates shop/cart");
            WorkflowRun build = firstBuild(cart);
            r.waitForMessage("require approval by one of [release-managers, alice]", build);
            r.assertLogContains("staging", build);
        } finally {
            System.clearProperty("CDP_DEMO_GITOPS");
            System.clearProperty("CDP_DEMO_EXAMPLES");
        }
    }

    /** The build the init script scheduled, once the queue has started it. */
    private static WorkflowRun firstBuild(WorkflowJob job) throws Exception {
        var queued = Jenkins.get().getQueue().getItem(job);
        if (queued != null) {
            return (WorkflowRun) queued.getFuture().waitForStart();
        }
        return job.getBuildByNumber(1);
    }
}
