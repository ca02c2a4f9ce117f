package io.jenkins.plugins.cdpipelines.ledger;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import io.cdpipelines.ledger.SlotClaim;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.PostgresLedger;
import io.cdpipelines.testcluster.PostgresServer;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Trigger;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.steps.StepsTest;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A controller pointed at a shared PostgreSQL ledger records there, and sees what another host records. */
@WithJenkins
class SharedLedgerTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);
    private static final String OTHER_IMAGE = "registry.example.com/shop/cart@sha256:" + "9e8d7c6b".repeat(8);

    @TempDir
    File repository;

    @Test
    void theControllerAndAnotherHostShareBoardAndHistory(JenkinsRule r) throws Exception {
        PostgresServer server = PostgresServer.get();
        String database = server.newDatabase();
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "ledger-db", "the shared ledger",
                        server.user(), server.password()));
        LedgerConfiguration settings = LedgerConfiguration.get();
        String address = database.substring("jdbc:".length());
        settings.setUrl(address);
        settings.setCredentialsId("ledger-db");
        r.configRoundtrip(); // the form shows and keeps both
        assertEquals(address, settings.getUrl());
        assertEquals("ledger-db", settings.getCredentialsId());
        assertInstanceOf(PostgresLedger.class, CdPipelinesEngine.get().ledger());

        String connected = settings.doTestConnection(address, "ledger-db").getMessage();
        assertTrue(connected.contains("Connected to postgresql://") && connected.contains("ledger schema 3"),
                connected);
        String refused = settings.doCheckUrl("postgresql://cdp:hunter2@db/cdp").renderHtml();
        assertTrue(refused.contains("the ledger address may not hold credentials") && !refused.contains("hunter2")
                && !refused.contains("url:"), refused);

        WorkflowJob job = StepsTest.gitOpsCartJob(r, repository, """
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE));
        r.buildAndAssertSuccess(job);
        Slot dev = new Slot("shop", "cart", "dev");
        try (Ledger other = PostgresLedger.open(database, server.user(), server.password())) {
            // the other host sees what the controller did
            Deployment byJenkins = other.stateOf(dev).current().orElseThrow();
            assertEquals("r1", byJenkins.revision());
            assertFalse(byJenkins.buildReference().isEmpty());

            // and the controller's board shows what the other host does next
            try (SlotClaim claim = other.claim(dev, "cdp-elsewhere", Duration.ofSeconds(10))) {
                Deployment started = other.startDeployment(claim, new Deployment(0, dev, byJenkins.dataPlane(),
                        byJenkins.pipeline(), null, "r2", ImageReference.parse(OTHER_IMAGE), DeploymentKind.PROMOTION,
                        null, ConfigurationSnapshot.of(Configuration.EMPTY), DeploymentResult.IN_PROGRESS,
                        Trigger.MANUAL, "cdp-elsewhere", null, "", Instant.now(), null, ""));
                other.finishDeployment(claim, started.id(), DeploymentResult.SUCCEEDED, "from elsewhere",
                        Instant.now());
            }
        }
        JenkinsRule.WebClient web = r.createWebClient();
        String revision = null;
        for (Instant deadline = Instant.now().plusSeconds(5); Instant.now().isBefore(deadline); Thread.sleep(100)) {
            JSONObject board = web.getJSON("cd-environments/api/json").getJSONObject();
            revision = board.getJSONArray("entries").getJSONObject(0).getString("revision");
            if (revision.equals("r2")) {
                break;
            }
        }
        assertEquals("r2", revision);
        assertTrue(web.goTo("cd-environments/environment/dev/").asNormalizedText().contains("cdp-elsewhere"));
        assertTrue(CdPipelinesEngine.get().ledger().board(Optional.empty()).stream()
                .anyMatch(d -> d.requestedBy().equals("cdp-elsewhere")));
    }

    @Test
    void aLedgerThatCannotBeReachedIsSaidOnThePagesInsteadOfAnErrorPage(JenkinsRule r) throws Exception {
        StepsTest.gitOpsShop(r, repository);
        LedgerConfiguration.get().setUrl("postgresql://127.0.0.1:1/cdp");
        JenkinsRule.WebClient web = r.createWebClient();
        for (String page : new String[] {"cd-environments/", "job/shop/cd-environments/",
                "cd-environments/environment/dev/"}) {
            String text = web.goTo(page).asNormalizedText();
            assertTrue(text.contains("The ledger cannot be read now: the ledger database postgresql://127.0.0.1:1/cdp "
                    + "cannot be reached"), page + ": " + text);
            JSONObject json = web.getJSON(page + "api/json").getJSONObject();
            assertTrue(json.getString("ledgerProblem").contains("cannot be reached"), json.toString());
        }
        assertEquals(0, web.getJSON("cd-environments/api/json").getJSONObject().getJSONArray("entries").size());
        // the System page still saves (the ledger's own setting is on it): only removing an environment needs it
        r.configRoundtrip();
        assertEquals("postgresql://127.0.0.1:1/cdp", LedgerConfiguration.get().getUrl());
    }
}
