package io.cdpipelines.engine;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.cdpipelines.testing.Organizations.digest;
import static io.cdpipelines.testing.Organizations.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollbackAndReleaseTest extends EngineTest {
    private static final Slot DEV = new Slot("team-a", "cart", "dev");

    private Deployment deploy(int seed, String logLevel) {
        engine.recordRelease("team-a", "cart", "commit-" + seed, image(seed), "", "ci");
        return engine.promote(PromotionRequest.of("team-a", "cart", "dev").digest(digest(seed))
                .configuration(Organizations.variables("LOG_LEVEL", logLevel)).by("bob", Trigger.MANUAL), fixture::log);
    }

    @Test
    void aRetirementIsARowOfTheHistoryAfterWhichNothingRuns() {
        Deployment first = deploy(1, "info");
        Deployment second = deploy(2, "debug");
        assertThatThrownBy(() -> engine.retire(DEV, "ops", fixture::log))
                .hasMessageContaining("remove its workload from the data plane first");
        fixture.driver.removeWorkload(DEV);

        Deployment retirement = engine.retire(DEV, "ops", fixture::log);
        assertThat(retirement.kind()).isEqualTo(DeploymentKind.RETIREMENT);
        assertThat(retirement.restores()).isEqualTo(second.id());
        assertThat(retirement.image()).isEqualTo(second.image());
        assertThat(retirement.requestedBy()).isEqualTo("ops");
        assertThat(retirement.message()).isEqualTo("deployment #" + second.id() + " retired: its workload was "
                + "removed from data plane " + second.dataPlane());
        assertThat(fixture.ledger.history(DEV, 10)).containsExactly(retirement, second, first);
        assertThat(fixture.ledger.board(Optional.empty())).noneMatch(d -> d.slot().equals(DEV));
        assertThat(fixture.ledger.lastAttemptsBesideTheBoard(Optional.empty())).noneMatch(d -> d.slot().equals(DEV));
        assertThat(fixture.ledger.stateOf(DEV).current()).isEmpty();
        assertThat(fixture.log).contains("dev: retired team-a/cart (deployment #" + second.id() + ", by ops) as "
                + "deployment #" + retirement.id() + "; its history stays");

        // nothing runs: a rollback must name what to restore, and a retirement restores nothing
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.empty(), "ops", fixture::log))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("nothing to roll back: " + DEV + " was retired (deployment #" + retirement.id()
                        + "); promote a release there, or roll back --to one of its earlier deployments");
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.of(retirement.id()), "ops", fixture::log))
                .hasMessageContaining("is a retirement");
        assertThatThrownBy(() -> engine.retire(DEV, "ops", fixture::log))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("there is nothing to retire");
        Deployment restored = engine.rollback(DEV, Optional.of(first.id()), "ops", fixture::log);
        assertThat(restored.succeeded()).isTrue();
        assertThat(fixture.ledger.stateOf(DEV).current()).contains(restored);
        assertThat(fixture.driver.lastOrder().deployment().image()).isEqualTo(first.image());
    }

    @Test
    void sameRevisionWithSameDigestIsANoOp() {
        Release first = engine.recordRelease("team-a", "cart", "v1.0", image(1), "job/1", "ci");
        Release again = engine.recordRelease("team-a", "cart", "v1.0", image(1), "job/2", "ci");
        assertThat(again).isEqualTo(first);
        assertThat(fixture.ledger.releases("team-a", "cart", 10)).hasSize(1);
    }

    @Test
    void sameRevisionWithAnotherDigestIsARebuildAndRefused() {
        engine.recordRelease("team-a", "cart", "v1.0", image(1), "job/1", "ci");
        assertThatThrownBy(() -> engine.recordRelease("team-a", "cart", "v1.0", image(2), "job/2", "ci"))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("revision v1.0 of team-a/cart was already recorded as " + image(1) + " by job/1; "
                        + digest(2) + " would be a rebuild. Build once and promote that digest, or record a new revision");
        assertThat(fixture.ledger.release("team-a", "cart", "v1.0").orElseThrow().image()).isEqualTo(image(1));
    }

    @Test
    void manifestsEveryDeploymentWouldRefuseAreRefusedWhenRecordedAndTheRevisionStaysFree() {
        String clusterScoped = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
        String otherImage = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\nspec:\n"
                + "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
                + "    spec: {containers: [{name: cart, image: nginx:1.27}]}\n";
        String escaping = "apiVersion: v1\nkind: ../../outside\nmetadata: {name: pwned}\n";
        String deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + "[".repeat(5_000) + "\n";
        for (String manifests : new String[] {clusterScoped, otherImage, escaping, deep, "kind: [\n", "just text\n"}) {
            assertThatThrownBy(() -> engine.recordRelease("team-a", "cart", "v1.0", image(1),
                    new Workload(manifests, null, 1), "job/1", "ci"))
                    .as(manifests).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("manifests: ");
        }
        assertThat(fixture.ledger.releases("team-a", "cart", 10)).isEmpty();
        String runsTheImage = otherImage.replace("nginx:1.27", image(1).repository() + ":build");
        engine.recordRelease("team-a", "cart", "v1.0", image(1), new Workload(runsTheImage, null, 1), "job/2", "ci");
        assertThat(fixture.ledger.releases("team-a", "cart", 10)).hasSize(1);
    }

    @Test
    void anotherRepositoryForTheSameRevisionIsARebuildToo() {
        engine.recordRelease("team-a", "cart", "v1.0", image(1), "", "ci");
        assertThatThrownBy(() -> engine.recordRelease("team-a", "cart", "v1.0",
                new ImageReference("other.example.com/cart", digest(1)), "", "ci"))
                .isInstanceOf(RuleViolationException.class);
    }

    @Test
    void rollbackRestoresDigestAndConfigurationOfThePreviousDeployment() {
        Deployment first = deploy(1, "debug");
        deploy(2, "trace");
        Deployment rollback = engine.rollback(DEV, Optional.empty(), "alice", fixture::log);
        assertThat(rollback.kind()).isEqualTo(DeploymentKind.ROLLBACK);
        assertThat(rollback.restores()).isEqualTo(first.id());
        assertThat(rollback.image()).isEqualTo(first.image());
        assertThat(rollback.configuration()).isEqualTo(first.configuration());
        assertThat(fixture.driver.lastOrder().configuration().variables()).containsEntry("LOG_LEVEL", "debug");
        assertThat(fixture.ledger.current(DEV).orElseThrow().id()).isEqualTo(rollback.id());
        assertThat(fixture.log).contains("dev: rolling cart back to deployment #1 (" + digest(1).shortForm() + ")");
    }

    @Test
    void rollbackByNumberAndItsRefusals() {
        Deployment first = deploy(1, "debug");
        deploy(2, "info");
        Deployment third = deploy(3, "warn");
        assertThat(engine.rollback(DEV, Optional.of(first.id()), "alice", fixture::log).image()).isEqualTo(image(1));
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.of(99L), "alice", fixture::log))
                .hasMessage("deployment #99 is not a deployment of team-a/cart in dev: roll back to one of its own "
                        + "earlier deployments");
        fixture.driver.failWhen(order -> true);
        Deployment failed = deploy(4, "error");
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.of(failed.id()), "alice", fixture::log))
                .hasMessage("deployment #" + failed.id() + " of team-a/cart in dev failed; only a deployment that "
                        + "succeeded can be restored");
        assertThat(third.id()).isLessThan(failed.id());
    }

    @Test
    void afterAFailedDeploymentARollbackRestoresTheCurrentOne() {
        deploy(1, "debug");
        Deployment second = deploy(2, "info");
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.of(second.id()), "alice", fixture::log))
                .hasMessage("deployment #" + second.id() + " is what runs in dev now; nothing to roll back");
        fixture.driver.failWhen(order -> true);
        deploy(3, "warn");
        fixture.driver.failWhen(order -> false);
        // the failed deployment may have left dev running neither, so the current one is what comes back
        Deployment rollback = engine.rollback(DEV, Optional.empty(), "alice", fixture::log);
        assertThat(rollback.restores()).isEqualTo(second.id());
        assertThat(fixture.driver.lastOrder().deployment().image()).isEqualTo(image(2));
        // settled again: the next rollback goes back before it, and the current one cannot be named
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.of(rollback.id()), "alice", fixture::log))
                .hasMessageContaining("is what runs in dev now");
    }

    @Test
    void nothingToRollBackTo() {
        deploy(1, "debug");
        assertThatThrownBy(() -> engine.rollback(DEV, Optional.empty(), "alice", fixture::log))
                .hasMessage("nothing to roll back to: team-a/cart in dev has no earlier successful deployment "
                        + "that differs from #1");
        assertThatThrownBy(() -> engine.rollback(new Slot("team-a", "cart", "staging"), Optional.empty(),
                "alice", fixture::log))
                .hasMessage("nothing to roll back: team-a/cart in staging has no successful deployment");
    }

    @Test
    void configurationSnapshotRestoresEvenAfterTheEnvironmentConfigurationChanged() {
        Deployment first = deploy(1, "debug");
        deploy(2, "info");
        var dev = engine.organization().requireEnvironment("dev");
        engine.reconfigure(engine.organization().withEnvironment(new io.cdpipelines.model.Environment("dev", null,
                "eu", dev.namespace(), false, new Configuration(java.util.Map.of("NEW", "x"), java.util.Map.of(),
                java.util.Map.of()), null)).spec());
        engine.rollback(DEV, Optional.empty(), "alice", fixture::log);
        assertThat(fixture.driver.lastOrder().configuration().variables())
                .isEqualTo(first.configuration().variables()).doesNotContainKey("NEW");
    }
}
