package io.cdpipelines.engine;

import io.cdpipelines.config.OrganizationYaml;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.promotion.PromotionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job end to end on the embedded default, until the {@code cdp} command lands: load the example
 * organization, record an image built once, promote it dev → staging → production with each environment's
 * configuration, and print every step and the final board.
 */
class QuickstartExampleTest {

    @TempDir
    Path dataDirectory;

    @Test
    void buildOncePromoteEverywhere() {
        Organization organization = OrganizationYaml.load(Path.of("..", "examples", "organization.yaml"));
        System.out.println("== organization: examples/organization.yaml; ledger: " + dataDirectory);
        try (EngineFixture fixture = new EngineFixture(dataDirectory, organization)) {
            CdEngine engine = fixture.engine;
            ImageReference image = ImageReference.parse("registry.example.com/shop/cart@sha256:"
                    + "4f3c2b1a".repeat(8));
            Release release = engine.recordRelease("shop", "cart", "9fceb02", image, "shop/cart#42", "ci");
            System.out.println("recorded  " + release.component() + " " + release.revision() + " -> " + image);

            PromotionRequest cart = PromotionRequest.of("shop", "cart", "dev").by("dana", Trigger.MANUAL);
            List<Deployment> steps = List.of(
                    engine.promote(cart.revision("9fceb02"), System.out::println),
                    engine.promote(cart.to("staging"), System.out::println));
            fixture.clock.advance(Duration.ofHours(1));
            Deployment production = engine.promote(cart.to("production")
                    .approvals(List.of(Approval.by("erin", "release-managers"))), System.out::println);

            System.out.println("== board");
            for (Deployment current : fixture.ledger.board(Optional.empty())) {
                System.out.printf("%-6s %-5s %-11s %s  #%d %s%n", current.slot().project(), current.slot().component(),
                        current.environment(), current.image().digest().shortForm(), current.id(),
                        current.configuration().variables());
            }
            assertThat(steps).allMatch(Deployment::succeeded);
            assertThat(production.succeeded()).isTrue();
            assertThat(fixture.ledger.board(Optional.of("shop"))).extracting(Deployment::image).containsOnly(image);
            assertThat(production.configuration().variables()).containsEntry("LOG_LEVEL", "warn");
            assertThat(steps.get(1).configuration().variables()).containsEntry("PAYMENT_PROVIDER", "sandbox");
        }
    }
}
