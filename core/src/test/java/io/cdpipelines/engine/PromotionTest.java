package io.cdpipelines.engine;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cdpipelines.testing.Organizations.digest;
import static io.cdpipelines.testing.Organizations.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionTest extends EngineTest {
    private static final String PROJECT = "team-a";
    private static final String COMPONENT = "cart";

    private Release record(int seed) {
        return engine.recordRelease(PROJECT, COMPONENT, "commit-" + seed, image(seed), "job/cart/" + seed, "ci");
    }

    private Deployment promote(PromotionRequest request) {
        return engine.promote(request, fixture::log);
    }

    private static PromotionRequest to(String target) {
        return PromotionRequest.of(PROJECT, COMPONENT, target).by("bob", Trigger.MANUAL);
    }

    private Deployment toProduction(int seed) {
        record(seed);
        promote(to("dev").digest(digest(seed)));
        promote(to("staging"));
        fixture.clock.advance(Duration.ofHours(2));
        return promote(to("production").approvals(List.of(Approval.by("alice"))));
    }

    @Test
    void textThatReachesTheRecordCannotForgeALine() {
        // a newline in who asks would write a forged "Approved-by:" trailer into a GitOps commit
        assertThatThrownBy(() -> to("dev").by("bob\nApproved-by: mallory", Trigger.MANUAL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("requestedBy: holds a control character (U+000A) at position 4: give it on one line, "
                        + "without tabs or escapes");
        assertThatThrownBy(() -> engine.recordRelease(PROJECT, COMPONENT, "c1\rApproved-by: mallory", image(1), "",
                "ci")).hasMessageStartingWith("revision: holds a control character (U+000D) at position 3");
        assertThatThrownBy(() -> Approval.by("alice\u0000")).hasMessageStartingWith("approver: holds a control");
        record(1);
        assertThatThrownBy(() -> engine.rollback(new Slot(PROJECT, COMPONENT, "dev"), Optional.empty(),
                "bob\tx", fixture::log)).hasMessageStartingWith("requestedBy: holds a control character (U+0009)");
        // nothing was recorded
        assertThat(fixture.ledger.releases(PROJECT, COMPONENT, 10)).hasSize(1);
        assertThat(fixture.ledger.history(new Slot(PROJECT, COMPONENT, "dev"), 10)).isEmpty();
    }

    @Test
    void rootTakesAnyRecordedReleaseOfTheProject() {
        record(1);
        Deployment deployment = promote(to("dev").revision("commit-1"));
        assertThat(deployment.result()).isEqualTo(DeploymentResult.SUCCEEDED);
        assertThat(deployment.image()).isEqualTo(image(1));
        assertThat(deployment.pipeline()).isEqualTo("standard");
        assertThat(deployment.sourceEnvironment()).isNull();
        assertThat(fixture.driver.lastOrder().namespace()).isEqualTo("team-a-dev");
        assertThat(fixture.log).contains("dev: cart 1/1 ready");
    }

    @Test
    void unrecordedDigestIsRefused() {
        assertThatThrownBy(() -> promote(to("dev").digest(digest(9))))
                .isInstanceOf(RuleViolationException.class)
                .hasMessageContaining("no release of team-a/cart with digest " + digest(9) + " is recorded");
        assertThat(fixture.driver.orders()).isEmpty();
    }

    @Test
    void rootNeedsTheReleaseNamed() {
        assertThatThrownBy(() -> promote(to("dev")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs the release: give its digest or revision");
    }

    @Test
    void promotionCopiesWhatRunsInTheSource() {
        record(1);
        promote(to("dev").digest(digest(1)));
        Deployment staging = promote(to("staging"));
        assertThat(staging.image().digest()).isEqualTo(digest(1));
        assertThat(staging.sourceEnvironment()).isEqualTo("dev");
        assertThat(staging.revision()).isEqualTo("commit-1");
    }

    @Test
    void skippingAnEnvironmentIsRefusedAndTheErrorShowsThePath() {
        record(1);
        promote(to("dev").digest(digest(1)));
        assertThatThrownBy(() -> promote(to("production").from("dev").approvals(List.of(Approval.by("alice")))))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("cannot promote team-a/cart from dev to production: pipeline standard has no path "
                        + "dev → production; the way to production is dev → staging → production, so promote from staging");
        assertThatThrownBy(() -> promote(to("production").approvals(List.of(Approval.by("alice")))))
                .isInstanceOf(RuleViolationException.class)
                .hasMessageContaining("runs healthy in none of its sources (staging)");
    }

    @Test
    void sourceMustRunTheDigestHealthyNow() {
        record(1);
        record(2);
        promote(to("dev").digest(digest(1)));
        promote(to("dev").digest(digest(2)));
        assertThatThrownBy(() -> promote(to("staging").digest(digest(1))))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("cannot promote cart to staging: " + digest(1).shortForm() + " is not running healthy in dev "
                        + "(it runs " + digest(2).shortForm() + " (deployment #2)). Pipeline standard goes dev → staging");

        fixture.driver.failWhen(order -> order.deployment().image().digest().equals(digest(1)));
        Deployment failed = promote(to("dev").digest(digest(1)));
        assertThat(failed.result()).isEqualTo(DeploymentResult.FAILED);
        assertThat(failed.message()).isEqualTo("rollout did not become ready");
        assertThatThrownBy(() -> promote(to("staging").digest(digest(2))))
                .hasMessageContaining("its last deployment #3 failed");
    }

    @Test
    void minimumSoakMustPassInTheSource() {
        record(1);
        promote(to("dev").digest(digest(1)));
        promote(to("staging"));
        fixture.clock.advance(Duration.ofMinutes(20));
        assertThatThrownBy(() -> promote(to("production").approvals(List.of(Approval.by("alice")))))
                .isInstanceOf(RuleViolationException.class)
                .hasMessageContaining("has run in staging for 20m but production requires 1h of soak: "
                        + "try again after 2026-11-27T11:00:00Z");
        fixture.clock.advance(Duration.ofMinutes(40));
        assertThat(promote(to("production").approvals(List.of(Approval.by("alice")))).succeeded()).isTrue();
    }

    @Test
    void approvalIsARealGate() {
        record(1);
        promote(to("dev").digest(digest(1)));
        promote(to("staging"));
        fixture.clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> promote(to("production")))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("production requires approval by one of alice, release-managers (not the one who asks): "
                        + "nobody has approved");
        assertThatThrownBy(() -> promote(to("production").approvals(List.of(Approval.by("mallory")))))
                .hasMessageContaining("mallory is not among the approvers");
        assertThatThrownBy(() -> promote(to("production").by("alice", Trigger.MANUAL)
                .approvals(List.of(Approval.by("alice")))))
                .hasMessageContaining("alice asked for this promotion and may not approve it too");
        assertThat(fixture.secretLookups).hasValue(0);

        Deployment byGroup = promote(to("production").approvals(List.of(Approval.by("carol", "release-managers"))));
        assertThat(byGroup.approvedBy()).isEqualTo("carol");
        assertThat(byGroup.requestedBy()).isEqualTo("bob");
    }

    @Test
    void selfApprovalWhenTheEnvironmentAllowsIt() {
        Environment production = engine.organization().requireEnvironment("production");
        engine.reconfigure(engine.organization().withEnvironment(new Environment("production", null, "eu", null, true,
                Configuration.EMPTY, new io.cdpipelines.model.Protection(true, java.util.Set.of("alice"), true,
                Duration.ZERO))).spec());
        assertThat(production.protection().allowSelfApproval()).isFalse();
        record(1);
        promote(to("dev").digest(digest(1)));
        promote(to("staging"));
        assertThat(promote(to("production").by("alice", Trigger.MANUAL).approvals(List.of(Approval.by("alice"))))
                .succeeded()).isTrue();
    }

    @Test
    void projectMayDeployOnlyToEnvironmentsOfItsPipelines() {
        engine.reconfigure(engine.organization().withProject(Project.attaching("team-b", "standard")).spec());
        engine.recordRelease("team-b", "api", "c1", image(1), "", "ci");
        assertThatThrownBy(() -> engine.promote(PromotionRequest.of("team-b", "api", "prod-eu").from("staging"),
                fixture::log))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("project team-b may not deploy to prod-eu: no pipeline attached to it includes that "
                        + "environment (standard: dev → staging → production)");
        assertThatThrownBy(() -> engine.promote(PromotionRequest.of("team-b", "api", "dev").inPipeline("regions")
                .digest(digest(1)), fixture::log))
                .hasMessage("pipeline regions is not attached to project team-b (attached: standard)");
    }

    @Test
    void fanOutAlongTheRegionsPipeline() {
        record(1);
        promote(to("dev").digest(digest(1)));
        promote(to("staging"));
        List<PromotionResult> results = engine.promoteAll(to("prod-eu"), List.of("prod-eu", "prod-us", "production"),
                fixture::log);
        assertThat(results).extracting(PromotionResult::environment).containsExactly("prod-eu", "prod-us", "production");
        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(0).deployment().orElseThrow().pipeline()).isEqualTo("regions");
        assertThat(results.get(1).deployment().orElseThrow().dataPlane()).isEqualTo("us");
        assertThat(results.get(2).refusal().orElseThrow()).hasMessageContaining("production requires 1h of soak");
    }

    @Test
    void driftReportsWhatAFailedFirstAttemptLeftOnTheDataPlane() {
        record(1);
        fixture.driver.failWhen(order -> true);
        Deployment failed = promote(to("dev").digest(digest(1)));
        assertThat(failed.succeeded()).isFalse();
        // nothing is recorded as running in dev, but the data plane holds what the attempt applied
        assertThat(engine.drift(failed.slot())).contains(List.of("the data plane holds deployment #" + failed.id()
                + ", which the ledger records FAILED (rollout did not become ready): nothing is recorded as running"));
        // a slot nobody deployed to is in sync with nothing
        assertThat(engine.drift(new io.cdpipelines.model.Slot("team-a", "api", "dev"))).isEmpty();
    }

    @Test
    void aDriverThatOverflowsItsStackLeavesAFailedDeploymentNotOneUnderWay() {
        record(1);
        fixture.driver.failWhen(order -> {
            throw new StackOverflowError();
        });
        Deployment failed = promote(to("dev").digest(digest(1)));
        assertThat(failed.result()).isEqualTo(io.cdpipelines.model.DeploymentResult.FAILED);
        assertThat(failed.message()).startsWith("the deployment stopped with StackOverflowError");
        fixture.driver.failWhen(order -> false);
        assertThat(promote(to("dev").digest(digest(1))).succeeded()).isTrue(); // the slot was released
    }

    @Test
    void anEnvironmentWhereSomethingRunsCannotLeaveTheConfiguration() {
        record(1);
        Deployment running = promote(to("dev").digest(digest(1)));
        var spec = engine.organization().spec();
        // prod-us runs nothing: it may go; dev runs team-a/cart: it may not, and the message says how to retire it
        var withoutUsEast = spec.withEnvironments(spec.environments().stream()
                .filter(e -> !e.name().equals("prod-us")).toList())
                .withPipelines(List.of(spec.pipelines().get(0)))
                .withProjects(List.of(Project.attaching("team-a", "standard")));
        engine.reconfigure(withoutUsEast);
        var withoutDev = withoutUsEast.withEnvironments(withoutUsEast.environments().stream()
                .filter(e -> !e.name().equals("dev")).toList())
                .withPipelines(List.of(io.cdpipelines.model.CdPipeline.chain("standard", "staging", "production")));
        assertThatThrownBy(() -> engine.reconfigure(withoutDev))
                .isInstanceOf(io.cdpipelines.model.RuleViolationException.class)
                .hasMessageStartingWith("environment dev still runs team-a/cart #" + running.id()
                        + ": keep the environment until they are retired");
        assertThat(engine.organization().environment("dev")).isPresent();
    }

    @Test
    void fanInTakesAReleaseHealthyInAnySourceOrInAll() {
        Organization fanIn = Organization.of(Organizations.spec()
                .withPipelines(List.of(io.cdpipelines.model.CdPipeline.chain("standard", "dev", "staging", "production"),
                        new io.cdpipelines.model.CdPipeline("regions", "", List.of(), List.of(
                                io.cdpipelines.model.PromotionPath.of("dev", "prod-eu", "prod-us"),
                                io.cdpipelines.model.PromotionPath.of("prod-eu", "staging"),
                                io.cdpipelines.model.PromotionPath.of("prod-us", "staging")), java.util.Set.of())))
                .withProjects(List.of(new Project("team-a", Optional.of(
                        new io.cdpipelines.model.Attachment(List.of("regions"), null)), Map.of()))));
        engine.reconfigure(fanIn.spec());
        record(1);
        promote(to("dev").digest(digest(1)));
        promote(to("prod-eu"));
        assertThat(promote(to("staging")).sourceEnvironment()).isEqualTo("prod-eu");

        var all = fanIn.spec().withPipelines(List.of(fanIn.spec().pipelines().get(0),
                new io.cdpipelines.model.CdPipeline("regions", "", List.of(), fanIn.spec().pipelines().get(1).paths(),
                        java.util.Set.of("staging"))));
        engine.reconfigure(all);
        record(2);
        promote(to("dev").digest(digest(2)));
        promote(to("prod-eu").digest(digest(2)));
        assertThatThrownBy(() -> promote(to("staging").digest(digest(2))))
                .hasMessageContaining("(it needs the release healthy in all of its sources)")
                .hasMessageContaining("is not running healthy in prod-us");
        promote(to("prod-us").digest(digest(2)));
        assertThat(promote(to("staging").digest(digest(2))).succeeded()).isTrue();
    }

    @Test
    void configurationLayersEnvironmentThenProjectThenCall() {
        engine.reconfigure(engine.organization().withProject(Project.attaching("team-a", "standard", "regions")
                .withEnvironment("dev", new Configuration(Map.of("REPLICAS", "2", "FEATURE", "on"),
                        Map.of("/etc/cart/app.yaml", "mode: dev\n"), Map.of("DB_PASSWORD", new SecretReference("dev-db")))))
                .spec());
        record(1);
        Deployment deployment = promote(to("dev").digest(digest(1))
                .configuration(Organizations.variables("FEATURE", "off")));
        assertThat(deployment.configuration().variables()).containsExactlyInAnyOrderEntriesOf(
                Map.of("LOG_LEVEL", "debug", "REPLICAS", "2", "FEATURE", "off"));
        assertThat(deployment.configuration().files()).containsEntry("/etc/cart/app.yaml", "mode: dev\n");
        assertThat(deployment.configuration().secrets()).containsEntry("DB_PASSWORD", new SecretReference("dev-db"));
        assertThat(deployment.configuration().secretsHash()).startsWith("sha256:");
        assertThat(fixture.driver.lastOrder().secrets().get("DB_PASSWORD").text()).isEqualTo(EngineFixture.SECRET_VALUE);
        assertThat(fixture.ledger.deployment(deployment.id()).orElseThrow().configuration())
                .isEqualTo(deployment.configuration());
    }

    @Test
    void automaticPromotionNeverOverridesARollback() {
        record(1);
        record(2);
        promote(to("dev").digest(digest(1)));
        promote(to("dev").digest(digest(2)));
        Deployment rollback = engine.rollback(new Slot(PROJECT, COMPONENT, "dev"), Optional.empty(), "alice",
                fixture::log);
        assertThat(rollback.kind()).isEqualTo(DeploymentKind.ROLLBACK);
        assertThatThrownBy(() -> promote(to("dev").digest(digest(2)).by("jenkins", Trigger.AUTOMATIC)))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("dev was rolled back by deployment #3 (alice); an automatic promotion does not override "
                        + "a rollback: promote by hand to move on");
        assertThat(promote(to("dev").digest(digest(2))).succeeded()).isTrue();
        assertThat(promote(to("dev").digest(digest(1)).by("jenkins", Trigger.AUTOMATIC)).succeeded()).isTrue();
    }

    @Test
    void environmentKeepsTheDataPlaneItWasDeployedTo() {
        record(1);
        promote(to("dev").digest(digest(1)));
        Environment dev = engine.organization().requireEnvironment("dev");
        Environment moved = new Environment("dev", dev.displayName(), "us", dev.namespace(), false,
                dev.configuration(), dev.protection());
        assertThatThrownBy(() -> engine.reconfigure(engine.organization().withEnvironment(moved).spec()))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("environment dev has been deployed to data plane eu and cannot move to us: "
                        + "define a new environment on us instead");
        assertThat(engine.organization().requireEnvironment("dev").dataPlane()).isEqualTo("eu");
        // a data plane's settings may change; only the environment's choice of data plane is fixed
        engine.reconfigure(engine.organization().withDataPlane(new KubernetesDataPlane("eu",
                "https://eu2.example.com", null, "eu-token", null, null, "apps")).spec());
    }

    @Test
    void unknownEnvironmentIsBadInput() {
        assertThatThrownBy(() -> promote(to("qa").digest(digest(1))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("environment: unknown environment \"qa\" (known: dev, prod-eu, prod-us, production, staging)");
    }

    @Test
    void unresolvableSecretFailsTheDeploymentBeforeTheDriverRuns() {
        engine.reconfigure(engine.organization().withProject(Project.attaching("team-a", "standard", "regions")
                .withEnvironment("dev", new Configuration(Map.of(), Map.of(),
                        Map.of("API_KEY", new SecretReference("missing"))))).spec());
        record(1);
        Deployment deployment = promote(to("dev").digest(digest(1)));
        assertThat(deployment.result()).isEqualTo(DeploymentResult.FAILED);
        assertThat(deployment.message()).isEqualTo("secret API_KEY (credential missing) could not be resolved: "
                + "no credential with id missing");
        assertThat(fixture.driver.orders()).isEmpty();
    }

    @Test
    void previewShowsChangesAndGatesWithoutDeployingRecordingOrReadingSecrets() {
        engine.reconfigure(engine.organization().withProject(Project.attaching("team-a", "standard", "regions")
                .withEnvironment("production", new Configuration(Map.of(), Map.of(),
                        Map.of("DB_PASSWORD", new SecretReference("prod-db"))))).spec());
        record(1);
        promote(to("dev").digest(digest(1)));
        promote(to("staging"));
        fixture.clock.advance(Duration.ofMinutes(15));
        int orders = fixture.driver.orders().size();

        Preview preview = engine.preview(to("production"));
        assertThat(preview.changesImage()).isTrue();
        assertThat(preview.running()).isEmpty();
        assertThat(preview.configuration().added()).containsExactly("variable LOG_LEVEL", "secret DB_PASSWORD");
        assertThat(preview.gates()).containsExactly("soak: 45m more in staging (production requires 60m)",
                "approval by one of alice, release-managers (not the one who asks)");
        assertThat(preview.describe()).startsWith("promote " + COMPONENT + " to production along standard from staging",
                "  image: (none) -> " + digest(1).shortForm() + "  revision " + preview.decision().release().revision(),
                "  + variable LOG_LEVEL", "  + secret DB_PASSWORD")
                .endsWith("  needs soak: 45m more in staging (production requires 60m)",
                        "  needs approval by one of alice, release-managers (not the one who asks)");
        assertThat(fixture.driver.orders()).hasSize(orders);
        assertThat(fixture.secretLookups).hasValue(0);
        assertThat(fixture.ledger.history(new Slot(PROJECT, COMPONENT, "production"), 10)).isEmpty();

        Preview sameAgain = engine.preview(to("staging"));
        assertThat(sameAgain.changesImage()).isFalse();
        assertThat(sameAgain.configuration().isEmpty()).isTrue();
        assertThatThrownBy(() -> engine.preview(to("production").from("dev")))
                .hasMessageContaining("has no path dev → production");
    }

    @Test
    void productionPromotionEndToEnd() {
        Deployment production = toProduction(1);
        assertThat(production.succeeded()).isTrue();
        assertThat(production.approvedBy()).isEqualTo("alice");
        assertThat(production.configuration().variables()).containsEntry("LOG_LEVEL", "warn");
        assertThat(fixture.driver.lastOrder().namespace()).isEqualTo("team-a");
        assertThat(fixture.ledger.board(Optional.of("team-a"))).extracting(d -> d.slot().environment())
                .containsExactly("dev", "production", "staging");
    }
}
