package io.cdpipelines.view;

import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.Gate;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.MutableClock;
import io.cdpipelines.testing.Organizations;
import io.cdpipelines.testing.RecordingDriver;
import io.cdpipelines.view.IncomingPromotion.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cdpipelines.testing.Organizations.digest;
import static io.cdpipelines.testing.Organizations.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deploy view says what runs where and what the next promotion into each environment would do — and the rules
 * agree: what the view calls ready goes, what it calls refused is refused in the same words.
 */
class DeployViewTest {
    private static final String SECRET = "canary-secret-value-7f3a";

    @TempDir
    Path dataDirectory;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    final RecordingDriver driver = new RecordingDriver();
    SqliteLedger ledger;
    CdEngine engine;
    Organization organization;

    @BeforeEach
    void start() {
        // staging's configuration holds a secret: the view names the key, never the value
        var spec = Organizations.spec();
        List<Environment> environments = spec.environments().stream().map(e -> !e.name().equals("staging") ? e
                : new Environment(e.name(), e.displayName(), e.dataPlane(), e.namespace(), e.production(),
                new Configuration(e.configuration().variables(), Map.of(), Map.of("DB_PASSWORD",
                        new SecretReference("db"))), e.protection())).toList();
        organization = Organization.of(new io.cdpipelines.model.OrganizationSpec(spec.dataPlanes(), environments,
                spec.pipelines(), spec.defaultPipeline(), spec.projects()));
        ledger = SqliteLedger.open(dataDirectory);
        engine = CdEngine.builder(organization, ledger).driver(driver).clock(clock)
                .secrets((reference, key) -> SecretValue.of(SECRET)).build();
    }

    @AfterEach
    void stop() {
        ledger.close();
    }

    private DeployView view(String pipeline) {
        return DeployViews.of(organization, ledger, "team-a", Optional.ofNullable(pipeline), clock.instant());
    }

    private static EnvironmentCell cell(DeployView view, String component, String environment) {
        return view.components().stream().filter(row -> row.component().equals(component)).findFirst().orElseThrow()
                .environments().stream().filter(c -> c.environment().equals(environment)).findFirst().orElseThrow();
    }

    private void record(int seed) {
        engine.recordRelease("team-a", "cart", "commit-" + seed, image(seed), "ci/cart#" + seed, "ci");
    }

    private PromotionRequest to(String target) {
        return PromotionRequest.of("team-a", "cart", target).by("bob", Trigger.MANUAL);
    }

    @Test
    void thePipelineIsDrawnInOrderWithItsPathsAndGates() {
        DeployView standard = view(null);
        assertThat(standard.pipeline()).isEqualTo("standard");
        assertThat(standard.pipelines()).containsExactly("standard", "regions");
        assertThat(standard.diagram().environments()).extracting(EnvironmentNode::name, EnvironmentNode::depth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dev", 0),
                        org.assertj.core.groups.Tuple.tuple("staging", 1),
                        org.assertj.core.groups.Tuple.tuple("production", 2));
        EnvironmentNode production = standard.diagram().environments().get(2);
        assertThat(production.production()).isTrue();
        assertThat(production.approvalRequired()).isTrue();
        assertThat(production.approvers()).containsExactly("alice", "release-managers");
        assertThat(production.minimumSoakMinutes()).isEqualTo(60);

        // a fan-out is drawn as one: two paths out of staging, both regions one column further
        DeployView regions = view("regions");
        assertThat(regions.diagram().paths()).containsExactly(new PipelineDiagram.Path("dev", "staging"),
                new PipelineDiagram.Path("staging", "prod-eu"), new PipelineDiagram.Path("staging", "prod-us"));
        assertThat(regions.diagram().environments()).filteredOn(n -> n.name().startsWith("prod-"))
                .allMatch(n -> n.depth() == 2);
        assertThatThrownBy(() -> view("nightly")).isInstanceOf(InvalidInputException.class)
                .hasMessage("pipeline: 'nightly' is not attached to project team-a: choose one of standard, regions");
    }

    @Test
    void eachCellSaysWhatRunsAndWhatTheNextPromotionIntoItWouldDo() {
        assertThat(view(null).components()).isEmpty();
        record(1);
        DeployView recorded = view(null);
        assertThat(cell(recorded, "cart", "dev").running()).isEmpty();
        IncomingPromotion intoDev = cell(recorded, "cart", "dev").next();
        assertThat(intoDev.status()).isEqualTo(Status.READY);
        assertThat(intoDev.revision()).contains("commit-1");
        assertThat(intoDev.configuration().added()).contains("variable LOG_LEVEL");
        assertThat(cell(recorded, "cart", "staging").next().status()).isEqualTo(Status.NOTHING_TO_PROMOTE);

        engine.promote(to("dev").revision("commit-1"), line -> { });
        DeployView inDev = view(null);
        EnvironmentCell dev = cell(inDev, "cart", "dev");
        assertThat(dev.running().orElseThrow().shortDigest()).isEqualTo(digest(1).shortForm());
        assertThat(dev.running().orElseThrow().requestedBy()).isEqualTo("bob");
        assertThat(dev.next().status()).isEqualTo(Status.UP_TO_DATE);
        IncomingPromotion intoStaging = cell(inDev, "cart", "staging").next();
        assertThat(intoStaging.status()).isEqualTo(Status.READY);
        assertThat(intoStaging.source()).contains("dev");
        assertThat(intoStaging.configuration().added()).contains("secret DB_PASSWORD");
        assertThat(inDev.components().get(0).releases()).singleElement()
                .satisfies(release -> assertThat(release.runningIn()).containsExactly("dev"));

        // what the view calls ready goes
        engine.promote(to("staging"), line -> { });
        IncomingPromotion intoProduction = cell(view(null), "cart", "production").next();
        assertThat(intoProduction.status()).isEqualTo(Status.GATED);
        assertThat(intoProduction.gates()).extracting(Gate::kind).containsExactly(Gate.Kind.SOAK,
                Gate.Kind.APPROVAL);
        assertThat(intoProduction.gates().get(0).remaining()).contains(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(45));
        assertThat(cell(view(null), "cart", "production").next().gates().get(0).remaining())
                .contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15));
        assertThat(cell(view(null), "cart", "production").next().gates()).extracting(Gate::kind)
                .containsExactly(Gate.Kind.APPROVAL);
        // a request for approval waits on the cell, for the approvers to see; an approval promotes
        var requested = engine.requestApproval(to("production"));
        assertThat(cell(view(null), "cart", "production").next().approval()).hasValueSatisfying(card -> {
            assertThat(card.id()).isEqualTo(requested.id());
            assertThat(card.requestedBy()).isEqualTo("bob");
            assertThat(card.revision()).isEqualTo("commit-1");
        });
        engine.decideApproval(requested.id(), io.cdpipelines.model.ApprovalDecision.APPROVED, "alice",
                java.util.Set.of(), io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, line -> { });
        assertThat(cell(view(null), "cart", "production").running().orElseThrow().approvedBy()).isEqualTo("alice");
        assertThat(cell(view(null), "cart", "production").next().approval()).isEmpty();
        assertThat(cell(view(null), "cart", "production").next().status()).isEqualTo(Status.UP_TO_DATE);
        // no secret value anywhere in the view, nor in its JSON, which has times as text and absent values as null
        assertThat(view(null).toString()).doesNotContain(SECRET);
        String json = ViewJson.write(view(null));
        assertThat(json).doesNotContain(SECRET).contains("\"status\":\"UP_TO_DATE\"")
                .contains("\"finishedAt\":\"2026-11-27T11:00:00Z\"").contains("\"lastAttempt\":null")
                .contains("\"approvers\":[\"alice\",\"release-managers\"]");
    }

    @Test
    void aFailedAttemptStandsBesideWhatRunsAndItsRefusalIsTheRulesOwnWords() {
        record(1);
        engine.promote(to("dev").revision("commit-1"), line -> { });
        record(2);
        driver.failWhen(order -> order.deployment().image().digest().equals(digest(2)));
        engine.promote(to("dev").revision("commit-2"), line -> { });
        EnvironmentCell dev = cell(view(null), "cart", "dev");
        assertThat(dev.running().orElseThrow().revision()).isEqualTo("commit-1");
        assertThat(dev.lastAttempt().orElseThrow().revision()).isEqualTo("commit-2");
        assertThat(dev.lastAttempt().orElseThrow().result()).isEqualTo("FAILED");
        // a deployment under way stands beside what runs too, from its start
        var staging = new io.cdpipelines.model.Slot("team-a", "cart", "staging");
        try (var claim = ledger.claim(staging, "erin", java.time.Duration.ofSeconds(1))) {
            ledger.startDeployment(claim, io.cdpipelines.ledger.SqliteLedgerTest.draft(staging));
            assertThat(cell(view(null), "cart", "staging").lastAttempt().orElseThrow().result())
                    .isEqualTo("IN_PROGRESS");
        }

        IncomingPromotion intoStaging = cell(view(null), "cart", "staging").next();
        assertThat(intoStaging.status()).isEqualTo(Status.REFUSED);
        String refusal = intoStaging.refusal().orElseThrow();
        assertThatThrownBy(() -> engine.promote(to("staging"), line -> { })).hasMessage(refusal);
    }

    @Test
    void anEnvironmentWhoseSourcesRunNothingHasNothingToPromote() {
        Organization skipping = organization.withProject(Project.attaching("team-b", "standard"));
        engine.recordRelease("team-b", "api", "r1", image(7), "", "ci");
        DeployView view = DeployViews.of(skipping, ledger, "team-b", Optional.empty(), clock.instant());
        assertThat(view.components()).extracting(ComponentRow::component).containsExactly("api");
        IncomingPromotion intoProduction = view.components().get(0).environments().get(2).next();
        assertThat(intoProduction.status()).isEqualTo(Status.NOTHING_TO_PROMOTE);
        assertThat(intoProduction.refusal()).contains("api runs in none of staging yet");
    }
}
