package io.jenkins.plugins.cdpipelines;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.Secret;
import io.cdpipelines.gitops.EmbeddedDefault;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./jenkins-demo}: a Jenkins with the plugin, configured from {@code examples/jenkins/jenkins.yaml} through
 * JCasC, with the Pipeline job {@code shop/cart} of {@code examples/jenkins/cart.Jenkinsfile} built once: its
 * release promoted to dev and staging on a local GitOps repository, and production waiting for an approval. Runs
 * until stopped. Not a test: it uses the test harness to start Jenkins as the plugin's tests do.
 */
public final class DemoJenkins {
    private DemoJenkins() {
    }

    public static void main(String[] args) throws Throwable {
        Path examples = Path.of(args[0]);
        int port = Integer.parseInt(args.length > 1 ? args[1] : "8080");
        JenkinsRule jenkins = new JenkinsRule() {
            {
                localPort = port;
            }
        };
        Statement demo = new Statement() {
            @Override
            public void evaluate() throws Throwable {
                run(jenkins, examples);
            }
        };
        jenkins.apply(demo, Description.createTestDescription(DemoJenkins.class, "demo")).evaluate();
    }

    private static void run(JenkinsRule r, Path examples) throws Exception {
        Jenkins jenkins = r.jenkins;
        // alice is a release manager: log in as alice (password alice) to approve; everyone may look around
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("alice", "release-managers");
        jenkins.setSecurityRealm(realm);
        jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().toEveryone());
        CredentialsProvider.lookupStores(jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "production-db-password",
                        "the production database password", Secret.fromString("demo-only-secret")));

        Path gitops = EmbeddedDefault.ensureRepository(jenkins.getRootDir().toPath().resolve("demo"));
        System.setProperty("CDP_DEMO_GITOPS", gitops.toString());
        ConfigurationAsCode.get().configure(examples.resolve("jenkins/jenkins.yaml").toString());

        Folder shop = jenkins.createProject(Folder.class, "shop");
        WorkflowJob cart = shop.createProject(WorkflowJob.class, "cart");
        cart.setDefinition(new CpsFlowDefinition(
                Files.readString(examples.resolve("jenkins/cart.Jenkinsfile"), StandardCharsets.UTF_8), true));
        WorkflowRun build = cart.scheduleBuild2(0).waitForStart();
        r.waitForMessage("require approval by one of [release-managers]", build);

        System.out.println();
        System.out.println("Jenkins with CD Pipelines: " + r.getURL());
        System.out.println("  the organization: " + r.getURL() + "manage/configure (section CD Pipelines)");
        System.out.println("  build shop/cart #1, waiting for approval: " + r.getURL() + build.getUrl()
                + "cd-approvals/ (log in as alice, password alice)");
        System.out.println("  what runs where: " + r.getURL() + "cd-environments/");
        // quoted: the test harness names Jenkins homes "j h…", with a space
        System.out.println("  the GitOps repository: git -C '" + gitops + "' log");
        System.out.println("Stop with Ctrl-C.");
        Thread.sleep(Long.MAX_VALUE);
    }
}
