package io.jenkins.plugins.cdpipelines.steps;

import io.cdpipelines.model.ApprovalDecision;
import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Result;
import hudson.model.Run;
import io.cdpipelines.model.Slot;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.cdpipelines.approval.ApprovalAction;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;
import io.jenkins.plugins.cdpipelines.config.GitOpsDataPlaneConfig;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.SCMRevision;
import jenkins.scm.api.SCMRevisionAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps in a real Pipeline, deploying to a GitOps data plane (a local repository). */
@WithJenkins
public class StepsTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    File repository;

    private WorkflowJob cartJob(JenkinsRule r, String script) throws Exception {
        return gitOpsCartJob(r, repository, script);
    }

    /** A GitOps data plane on a local repository, environments dev and staging, folder shop attached, job shop/cart. */
    public static WorkflowJob gitOpsCartJob(JenkinsRule r, File repository, String script) throws Exception {
        return ShopOrganization.cart(gitOpsShop(r, repository), script);
    }

    /** A GitOps data plane on a local repository, environments dev and staging, and folder shop attached. */
    public static Folder gitOpsShop(JenkinsRule r, File repository) throws Exception {
        Git.init().setDirectory(repository).setInitialBranch("main").call().close();
        return ShopOrganization.on(r, new GitOpsDataPlaneConfig("fleet", repository.getAbsolutePath()), "fleet");
    }

    /** Builds shop/cart as {@code startedBy}; it promotes to dev, which needs {@code approvers}: the build, waiting. */
    private WorkflowRun waitingForApprovalOfDev(JenkinsRule r, String startedBy, String... approvers)
            throws Exception {
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE));
        ShopOrganization.requireApproval("dev", approvers);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        WorkflowRun build = job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(startedBy))).waitForStart();
        r.waitForMessage("promoteImage:   needs approval by one of ", build);
        return build;
    }

    /** Builds shop/cart, which promotes to dev, then to staging, which needs {@code approvers}: the build, waiting. */
    private WorkflowRun waitingForApprovalOfStaging(JenkinsRule r, String... approvers) throws Exception {
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                promoteImage to: 'staging'
                """.formatted(IMAGE));
        ShopOrganization.requireApproval("staging", approvers);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        // the preview's last line: the request and what it would change are there
        r.waitForMessage("promoteImage:   needs approval by one of ", build);
        return build;
    }

    @Test
    void recordOncePromoteAlongThePipeline(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, """
                def release = recordImage image: '%s', revision: '9fceb02', port: 8080
                echo "recorded ${release.digest}"
                echo "environments ${cdEnvironments()}"
                def deployed = promoteImage to: 'dev'
                promoteImage to: 'staging'
                echo "deployment ${deployed[0].deployment} ${deployed[0].result} at ${deployed[0].url}"
                """.formatted(IMAGE));
        WorkflowRun build = r.buildAndAssertSuccess(job);
        r.assertLogContains("recordImage: shop/cart 9fceb02 = " + IMAGE, build);
        r.assertLogContains("environments [dev, staging]", build);
        r.assertLogContains("deployment 1 SUCCEEDED at " + r.getURL() + "job/shop/cd-environments/environment/dev/",
                build);

        BuildRecordAction record = build.getAction(BuildRecordAction.class);
        assertNotNull(record);
        assertEquals("9fceb02", record.getRelease().getRevision());
        assertEquals(List.of("dev", "staging"), record.getDeployments().stream().map(d -> d.getEnvironment()).toList());
        assertTrue(CdPipelinesEngine.get().ledger().current(new Slot("shop", "cart", "staging")).isPresent());
        try (Git git = Git.open(repository)) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            assertEquals("Deploy shop cart 9fceb02 to staging", commits.get(0).getShortMessage());
        }
    }

    @Test
    void emptyFieldsFromTheSnippetGeneratorMeanNotGivenAndVariablesAreTakenAsText(JenkinsRule r) throws Exception {
        // what the Snippet Generator writes for boxes left empty: '' for text, 0 for a number
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1', manifests: '', component: ''
                def name = 'world'
                promoteImage to: 'dev', from: '', pipeline: '', digest: '', variables: [REPLICAS: 3, GREETING: "hi ${name}"]
                promoteImage to: 'dev', variables: [REPLICAS: 4]
                rollbackEnvironment environment: 'dev', component: '', to: 0
                """.formatted(IMAGE));
        WorkflowRun build = r.buildAndAssertSuccess(job);
        var history = CdPipelinesEngine.get().ledger().history(new Slot("shop", "cart", "dev"), 10);
        var first = history.get(history.size() - 1);
        assertEquals("3", first.configuration().variables().get("REPLICAS"));
        assertEquals("hi world", first.configuration().variables().get("GREETING"));
        // to: 0 is no number: the rollback restores the deployment before the current one
        assertEquals(first.id(), history.get(0).restores());
        r.assertLogContains("recordImage: shop/cart r1 = " + IMAGE, build);
    }

    @Test
    void failingStepsRecordAMessageNotCoresExceptions(JenkinsRule r) throws Exception {
        // core's exceptions hold records, which the build's flow nodes cannot be read back with after a restart
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1'
                try { promoteImage to: 'dev', digest: 'nope' } catch (e) { echo "refused: ${e.message}" }
                try { previewPromotion to: 'dev', digest: 'nope' } catch (e) { echo "refused: ${e.message}" }
                promoteImage to: 'staging'
                """.formatted(IMAGE));
        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("refused: digest", build);
        List<String> errors = new ArrayList<>();
        for (FlowNode node : new DepthFirstScanner().allNodes(build.getExecution())) {
            if (node.getError() != null) {
                errors.add(node.getError().getError().getClass().getName());
            }
        }
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().allMatch(name -> name.equals("hudson.AbortException")), errors.toString());
    }

    @Test
    void withoutGitCommitTheRevisionIsTheOneTheBranchBuildRecorded(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, "recordImage image: '%s'".formatted(IMAGE));
        // what a multibranch branch job attaches to its builds; a scripted Pipeline has no GIT_COMMIT
        WorkflowRun build = r.assertBuildStatusSuccess(job.scheduleBuild2(0,
                new SCMRevisionAction(new BranchRevision("main", "0a1b2c3d"))));
        r.assertLogContains("recordImage: shop/cart 0a1b2c3d = " + IMAGE, build);
        WorkflowRun without = r.buildAndAssertStatus(Result.FAILURE, job);
        r.assertLogContains("give revision: the commit or tag the image was built from", without);
    }

    /** A branch head's revision, as SCM sources record it on a branch job's build. */
    static final class BranchRevision extends SCMRevision {
        private final String hash;

        BranchRevision(String branch, String hash) {
            super(new SCMHead(branch));
            this.hash = hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BranchRevision revision && revision.hash.equals(hash);
        }

        @Override
        public int hashCode() {
            return hash.hashCode();
        }

        @Override
        public String toString() {
            return hash;
        }
    }

    @Test
    void approversAndTheOneWhoAskedAreComparedAsTheSecurityRealmComparesIds(JenkinsRule r) throws Exception {
        // the realm compares ids as most realms do: ignoring case
        WorkflowRun build = waitingForApprovalOfDev(r, "Alice", "alice", "BOB");
        r.assertLogContains("require approval by one of [BOB, alice]", build);
        ApprovalAction approvals = build.getAction(ApprovalAction.class);
        String id = approvals.getPending().get(0).getId();
        try (ACLContext ignored = ACL.as2(User.getById("alice", true).impersonate2())) {
            approvals.doApprove(id); // refused: Alice started the build, whatever the spelling
        }
        assertEquals(1, approvals.getPending().size());
        try (ACLContext ignored = ACL.as2(User.getById("bob", true).impersonate2())) {
            approvals.doApprove(id); // bob is the BOB listed
        }
        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        assertEquals("bob", approvals.getDecided().get(0).getDecidedBy());
    }

    @Test
    void anApproverApprovesOnTheBuildsApprovalsPage(JenkinsRule r) throws Exception {
        WorkflowRun build = waitingForApprovalOfStaging(r, "alice");

        JenkinsRule.WebClient alice = r.createWebClient().login("alice");
        HtmlPage page = alice.goTo(build.getUrl() + "cd-approvals/");
        String text = page.asNormalizedText();
        assertTrue(text.contains("Promotion to staging"), text);
        assertTrue(text.contains("promote cart to staging along standard from dev"), text);
        assertTrue(text.contains("Console Output"), "the build's side panel: " + text);
        HtmlForm approve = page.getForms().stream().filter(f -> f.getNameAttribute().startsWith("approve-"))
                .findFirst().orElseThrow();
        r.submit(approve);
        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        String decided = alice.goTo(build.getUrl() + "cd-approvals/").asNormalizedText();
        assertTrue(decided.contains("No promotion of this build waits for an approval."), decided);
        assertTrue(decided.contains("approved"), decided);
    }

    @Test
    void aPendingApprovalIsSavedWithItsBuildAndReadBack(JenkinsRule r) throws Exception {
        WorkflowRun build = waitingForApprovalOfStaging(r, "alice", "bob");
        r.assertLogContains("require approval by one of [alice, bob]", build);
        ApprovalAction approvals = build.getAction(ApprovalAction.class);
        build.save();
        // what the build record holds must come back as it was (Jenkins' class filter refuses some JDK collections)
        String saved = Files.readString(new File(build.getRootDir(), "build.xml").toPath());
        assertTrue(saved.contains("<approvers"), saved);
        ApprovalAction readBack = (ApprovalAction) Run.XSTREAM2.fromXML(Run.XSTREAM2.toXML(approvals));
        assertEquals(Set.of("alice", "bob"), readBack.getPending().get(0).getApprovers());
        assertEquals(List.of("staging"), readBack.getPending().get(0).getEnvironments());
        build.doStop();
        r.waitForCompletion(build);
    }

    @Test
    void protectedEnvironmentPausesTheStepUntilAnApproverApproves(JenkinsRule r) throws Exception {
        WorkflowRun build = waitingForApprovalOfStaging(r, "alice");
        r.assertLogContains("require approval by one of [alice]", build);
        // the approver sees what the promotion would change: the digest, the configuration, the objects
        r.assertLogContains("promoteImage:   needs approval by one of alice (not the one who asks)", build);
        ApprovalAction approvals = build.getAction(ApprovalAction.class);
        assertEquals(List.of("promote cart to staging along standard from dev",
                        "  image: (none) -> " + IMAGE.substring(IMAGE.indexOf(':') + 1, IMAGE.indexOf(':') + 13)
                                + "  revision r1"),
                approvals.getPending().get(0).getPreview().subList(0, 2));
        String id = approvals.getPending().get(0).getId();
        try (ACLContext ignored = ACL.as2(User.getById("mallory", true).impersonate2())) {
            approvals.doApprove(id);
        }
        assertEquals(1, approvals.getPending().size());
        try (ACLContext ignored = ACL.as2(User.getById("alice", true).impersonate2())) {
            approvals.doApprove(id);
        }
        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        assertEquals("alice", approvals.getDecided().get(0).getDecidedBy());
        assertEquals("alice", CdPipelinesEngine.get().ledger()
                .current(new Slot("shop", "cart", "staging")).orElseThrow().approvedBy());
    }

    @Test
    void theOneWhoStartedTheBuildMayNotApproveItAndARejectionFailsTheStep(JenkinsRule r) throws Exception {
        WorkflowRun build = waitingForApprovalOfDev(r, "alice", "alice", "bob");
        r.assertLogContains("require approval by one of [alice, bob]", build);
        ApprovalAction approvals = build.getAction(ApprovalAction.class);
        String id = approvals.getPending().get(0).getId();
        try (ACLContext ignored = ACL.as2(User.getById("alice", true).impersonate2())) {
            approvals.doApprove(id); // refused: alice started the build and dev forbids self-approval
        }
        assertEquals(1, approvals.getPending().size());
        try (ACLContext ignored = ACL.as2(User.getById("bob", true).impersonate2())) {
            approvals.doReject(id);
        }
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(build));
        r.assertLogContains("promoteImage: rejected by bob", build);
        assertEquals(ApprovalDecision.REJECTED, approvals.getDecided().get(0).getDecision());
        assertTrue(CdPipelinesEngine.get().ledger().history(new Slot("shop", "cart", "dev"), 1).isEmpty());
    }

    @Test
    void previewShowsWhatAPromotionWouldChangeAndChangesNothing(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                def changes = previewPromotion to: 'staging', variables: [FEATURE: 'on']
                echo "second line: ${changes[1]}"
                """.formatted(IMAGE));
        WorkflowRun build = r.buildAndAssertSuccess(job);
        r.assertLogContains("promote cart to staging along standard from dev", build);
        r.assertLogContains("  + variable FEATURE", build);
        r.assertLogContains("second line:   image: (none) -> ", build);
        assertTrue(CdPipelinesEngine.get().ledger().history(new Slot("shop", "cart", "staging"), 1).isEmpty());
        try (Git git = Git.open(repository)) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            assertTrue(commits.stream().noneMatch(c -> c.getShortMessage().endsWith("to staging")), "nothing deployed");
        }
    }

    @Test
    void aPromotionTheRulesRefuseIsNotLeftWaitingForAnApprover(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'staging'
                """.formatted(IMAGE));
        ShopOrganization.requireApproval("staging", "alice");
        WorkflowRun build = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("promoteImage: staging: ", build);
        r.assertLogContains("is not running healthy in dev", build);
        assertEquals(ApprovalDecision.WITHDRAWN, build.getAction(ApprovalAction.class).getDecided().get(0).getDecision());
    }

    @Test
    void skippingAnEnvironmentFailsTheStepWithCoresMessage(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'staging', from: 'dev'
                """.formatted(IMAGE));
        WorkflowRun build = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("is not running healthy in dev", build);
    }

    @Test
    void digestFileFromBuildxMetadataRecordsTheManifestDigestNotTheConfigDigest(JenkinsRule r) throws Exception {
        String config = "sha256:" + "c".repeat(64);
        String manifest = "sha256:" + "d".repeat(64);
        WorkflowJob job = cartJob(r, """
                node {
                  writeFile file: 'metadata.json', text: '{"containerimage.config.digest": "%s", "containerimage.digest": "%s"}'
                  def release = recordImage image: 'registry.example.com/shop/cart', digestFile: 'metadata.json', revision: 'r1'
                  echo "recorded ${release.image}"
                }
                """.formatted(config, manifest));
        WorkflowRun build = r.buildAndAssertSuccess(job);
        r.assertLogContains("recorded registry.example.com/shop/cart@" + manifest, build);
    }

    @Test
    void tagInsteadOfDigestIsRefused(JenkinsRule r) throws Exception {
        WorkflowJob job = cartJob(r, "recordImage image: 'registry.example.com/shop/cart:latest', revision: 'r1'");
        WorkflowRun build = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("names no digest but a tag", build);
    }
}
