package io.jenkins.plugins.cdpipelines.deploy;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Item;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Slot;
import io.jenkins.plugins.cdpipelines.CdPipelinesPermissions;
import io.jenkins.plugins.cdpipelines.config.GitOpsDataPlaneConfig;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.SystemCredentials;
import io.jenkins.plugins.cdpipelines.steps.ShopOrganization;
import jenkins.model.Jenkins;
import org.eclipse.jgit.api.Git;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Deploy page's endpoints in Jenkins: the same JSON as cdp console's, reads behind Item/Read, promotions behind
 * Promote, approvals decided by the environment's approvers, every action a POST with the crumb.
 */
@WithJenkins
class DeployActionTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    File repository;
    JenkinsRule r;
    Folder shop;

    @BeforeEach
    void shop(JenkinsRule rule) throws Exception {
        r = rule;
        Git.init().setDirectory(repository).setInitialBranch("main").call().close();
        shop = ShopOrganization.on(r, new GitOpsDataPlaneConfig("fleet", repository.getAbsolutePath()), "fleet");
        ShopOrganization.requireApproval("staging", "bob");
        CdPipelinesEngine.get().engine(new SystemCredentials()).recordRelease("shop", "cart", "r1",
                ImageReference.parse(IMAGE), "", "ci");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("alice", "bob", "reader")
                .grant(Item.READ).onFolders(shop).to("alice", "bob", "reader")
                .grant(CdPipelinesPermissions.PROMOTE).onFolders(shop).to("alice", "bob"));
    }

    private Page call(String user, HttpMethod method, String path, String json) throws Exception {
        JenkinsRule.WebClient web = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        if (user != null) {
            web.login(user);
        }
        WebRequest request = new WebRequest(new URL(r.getURL(), "job/shop/cd-deploy/" + path), method);
        if (json != null) {
            request.setAdditionalHeader("Content-Type", "application/json");
            request.setAdditionalHeader(r.jenkins.getCrumbIssuer().getCrumbRequestField(),
                    r.jenkins.getCrumbIssuer().getCrumb((jakarta.servlet.ServletRequest) null));
            request.setRequestBody(json);
        }
        return web.getPage(request);
    }

    @Test
    void theViewIsTheConsolesReadForThoseWhoMayReadTheFolder() throws Exception {
        Page view = call("reader", HttpMethod.GET, "view?project=shop", null);
        assertEquals(200, view.getWebResponse().getStatusCode());
        String json = view.getWebResponse().getContentAsString();
        assertTrue(json.contains("\"pipeline\":\"standard\""), json);
        assertTrue(json.contains("\"status\":\"READY\""), json);
        assertTrue(view.getWebResponse().getResponseHeaderValue("ETag") != null);
        assertEquals(404, call(null, HttpMethod.GET, "view?project=shop", null).getWebResponse().getStatusCode());
        Page other = call("reader", HttpMethod.GET, "view?project=vault", null);
        assertEquals(400, other.getWebResponse().getStatusCode());
        assertTrue(other.getWebResponse().getContentAsString().contains("this page shows project shop, not vault"));
        // the page mounts the bundle the console serves
        String page = r.createWebClient().login("reader").goTo("job/shop/cd-deploy/").getWebResponse()
                .getContentAsString();
        assertTrue(page.contains("id=\"cdp-deploy-view\""), page);
        assertTrue(page.contains("data-project=\"shop\""), page);
        assertEquals(200, call("reader", HttpMethod.GET, "static/deploy-view.js", null).getWebResponse()
                .getStatusCode());
    }

    @Test
    void promotingNeedsPromoteAndApprovalsAreDecidedByTheApprovers() throws Exception {
        String toDev = "{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"dev\"],\"revision\":\"r1\"}";
        Page refused = call("reader", HttpMethod.POST, "promote", toDev);
        assertEquals(403, refused.getWebResponse().getStatusCode());
        assertTrue(refused.getWebResponse().getContentAsString().contains("reader lacks the Promote permission"));
        assertTrue(CdPipelinesEngine.get().ledger().history(new Slot("shop", "cart", "dev"), 5).isEmpty());

        Page promoted = call("alice", HttpMethod.POST, "promote", toDev);
        assertEquals(200, promoted.getWebResponse().getStatusCode(), promoted.getWebResponse().getContentAsString());
        assertTrue(promoted.getWebResponse().getContentAsString().contains("\"requestedBy\":\"alice\""));

        Page unknownField = call("alice", HttpMethod.POST, "promote", "{\"project\":\"shop\",\"force\":true}");
        assertEquals(400, unknownField.getWebResponse().getStatusCode());
        assertTrue(unknownField.getWebResponse().getContentAsString().contains("unknown field 'force'"));

        Page requested = call("alice", HttpMethod.POST, "approvals/request",
                "{\"project\":\"shop\",\"component\":\"cart\",\"to\":\"staging\"}");
        assertEquals(200, requested.getWebResponse().getStatusCode(), requested.getWebResponse().getContentAsString());
        long id = CdPipelinesEngine.get().ledger().pendingApprovals(java.util.Optional.of("shop")).get(0).id();
        Page byAlice = call("alice", HttpMethod.POST, "approvals/approve", "{\"id\":" + id + "}");
        assertEquals(409, byAlice.getWebResponse().getStatusCode());
        Page byBob = call("bob", HttpMethod.POST, "approvals/approve", "{\"id\":" + id + "}");
        assertEquals(200, byBob.getWebResponse().getStatusCode(), byBob.getWebResponse().getContentAsString());
        assertEquals("bob", CdPipelinesEngine.get().ledger().current(new Slot("shop", "cart", "staging"))
                .orElseThrow().approvedBy());
        // a GET does not act
        assertFalse(call("bob", HttpMethod.GET, "approvals/approve", null).getWebResponse().getStatusCode() == 200);
    }
}
