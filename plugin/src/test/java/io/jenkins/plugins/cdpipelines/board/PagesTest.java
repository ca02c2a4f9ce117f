package io.jenkins.plugins.cdpipelines.board;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.ExtensionList;
import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.cdpipelines.config.CdPipelinesConfiguration;
import io.jenkins.plugins.cdpipelines.config.OrganizationProblems;
import io.jenkins.plugins.cdpipelines.config.PipelineConfig;
import io.jenkins.plugins.cdpipelines.steps.ShopOrganization;
import io.jenkins.plugins.cdpipelines.steps.StepsTest;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.apache.commons.io.FileUtils;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build's record, the folder and instance boards and an environment's history, as pages and as JSON. */
@WithJenkins
class PagesTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    File repository;

    @Test
    void buildBoardsAndEnvironmentHistoryShowTheSameDeployments(JenkinsRule r) throws Exception {
        WorkflowJob job = StepsTest.gitOpsCartJob(r, repository, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                promoteImage to: 'staging'
                """.formatted(IMAGE));
        WorkflowRun build = r.buildAndAssertSuccess(job);
        JenkinsRule.WebClient web = r.createWebClient();

        // the build: its release and both deployments
        JSONObject record = web.getJSON(build.getUrl() + "api/json?tree=actions[release[revision,image],"
                + "deployments[environment,result]]").getJSONObject();
        JSONObject action = null;
        for (Object candidate : record.getJSONArray("actions")) {
            if (candidate instanceof JSONObject json && json.has("release")) {
                action = json;
            }
        }
        assertTrue(action != null, record.toString());
        assertEquals("r1", action.getJSONObject("release").getString("revision"));
        assertEquals(2, action.getJSONArray("deployments").size());
        assertTrue(web.goTo(build.getUrl() + "cd-pipelines/").asNormalizedText().contains("staging"));
        JSONObject own = web.getJSON(build.getUrl() + "cd-pipelines/api/json").getJSONObject();
        assertEquals(IMAGE, own.getJSONObject("release").getString("image"));
        assertEquals("dev", own.getJSONArray("deployments").getJSONObject(0).getString("environment"));

        // the folder's board and the instance's: one entry per environment, with the digest and the build
        for (String board : new String[] {"job/shop/cd-environments/", "cd-environments/"}) {
            JSONArray entries = web.getJSON(board + "api/json").getJSONObject().getJSONArray("entries");
            assertEquals(2, entries.size(), board);
            JSONObject staging = entries.getJSONObject(1);
            assertEquals("staging", staging.getString("environment"));
            assertEquals("sha256:" + "4f3c2b1a".repeat(8), staging.getString("digest"));
            assertEquals(build.getUrl(), staging.getString("build"));
            assertTrue(web.goTo(board).asNormalizedText().contains("What runs where"));
        }

        // one environment's history
        JSONObject history = web.getJSON("job/shop/cd-environments/environment/staging/api/json").getJSONObject();
        assertEquals("staging", history.getString("environment"));
        assertEquals(1, history.getJSONArray("deployments").size());
        assertEquals("SUCCEEDED", history.getJSONArray("deployments").getJSONObject(0).getString("result"));
        assertTrue(web.goTo("cd-environments/environment/dev/").asNormalizedText().contains("History of dev"));
        web.assertFails("cd-environments/environment/nowhere/", 404);
        assertEquals(0, web.getJSON("cd-environments/api/json").getJSONObject().getJSONArray("failedAttempts").size());

        // a promotion that fails is shown beside what runs, not hidden: the GitOps repository is gone
        FileUtils.deleteDirectory(repository);
        job.setDefinition(new CpsFlowDefinition("recordImage image: 'registry.example.com/shop/cart@sha256:"
                + "5e4d3c2b".repeat(8) + "', revision: 'r2'\npromoteImage to: 'dev'\n", true));
        r.buildAndAssertStatus(Result.FAILURE, job);
        JSONObject board = web.getJSON("cd-environments/api/json").getJSONObject();
        assertEquals("r1", board.getJSONArray("entries").getJSONObject(0).getString("revision"));
        JSONObject failed = board.getJSONArray("failedAttempts").getJSONObject(0);
        assertEquals("dev", failed.getString("environment"));
        assertEquals("FAILED", failed.getString("result"));
        assertEquals("r2", failed.getString("revision"));
        String page = web.goTo("cd-environments/").asNormalizedText();
        assertTrue(page.contains("Last attempts that did not take") && page.contains("FAILED"), page);
    }

    @Test
    void anEnvironmentRemovedWhileSomethingRunsThereIsShownToAdministrators(JenkinsRule r) throws Exception {
        WorkflowJob job = StepsTest.gitOpsCartJob(r, repository, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                promoteImage to: 'staging'
                """.formatted(IMAGE));
        r.buildAndAssertSuccess(job);
        // as JCasC applies a configuration: through the setters, without the form's check
        CdPipelinesConfiguration configuration = CdPipelinesConfiguration.get();
        configuration.setEnvironments(configuration.getEnvironments().stream()
                .filter(e -> !e.getName().equals("staging")).toList());
        PipelineConfig standard = new PipelineConfig("standard");
        standard.setEnvironments(List.of("dev"));
        configuration.setPipelines(List.of(standard));
        OrganizationProblems monitor = ExtensionList.lookupSingleton(OrganizationProblems.class);
        assertTrue(monitor.isActivated());
        assertTrue(monitor.getProblems().stream().anyMatch(p -> p.startsWith("environment staging still runs "
                + "shop/cart #2: keep the environment until they are retired")), monitor.getProblems().toString());
    }

    @Test
    void boardsShowEachUserOnlyTheProjectsTheyMayRead(JenkinsRule r) throws Exception {
        Folder shop = StepsTest.gitOpsShop(r, repository);
        Folder vault = r.jenkins.createProject(Folder.class, "vault");
        String script = "recordImage image: '%s', revision: 'r1'\npromoteImage to: 'dev'\n".formatted(IMAGE);
        r.buildAndAssertSuccess(ShopOrganization.cart(shop, script));
        r.buildAndAssertSuccess(ShopOrganization.cart(vault, script));

        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("alice")
                .grant(Item.READ).onItems(shop).to("alice"));
        JenkinsRule.WebClient alice = r.createWebClient().login("alice");
        for (String page : new String[] {"cd-environments/", "cd-environments/environment/dev/"}) {
            JSONObject json = alice.getJSON(page + "api/json").getJSONObject();
            JSONArray listed = json.has("entries") ? json.getJSONArray("entries") : json.getJSONArray("deployments");
            assertEquals(1, listed.size(), page + json);
            assertEquals("shop", listed.getJSONObject(0).getString("project"));
        }
        JSONArray all = r.createWebClient().login("admin").getJSON("cd-environments/api/json").getJSONObject()
                .getJSONArray("entries");
        assertEquals(2, all.size());
    }
}
