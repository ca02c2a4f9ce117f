package io.cdpipelines.engine;

import io.cdpipelines.model.Slot;
import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.cdpipelines.engine.EngineFixture.SECRET_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secret values reach the driver and nothing else: not the log, the ledger, or a recorded message. */
class SecretsTest {

    @TempDir
    Path dataDirectory;

    /** A careless driver that prints and fails with the secret in its words. */
    private static final class LeakyDriver implements DeploymentDriver {
        @Override
        public boolean supports(DataPlane dataPlane) {
            return true;
        }

        @Override
        public DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log) {
            String value = order.secrets().get("DB_PASSWORD").text();
            log.println("connecting with password " + value);
            throw new IllegalStateException("authentication failed for " + value + " on " + order);
        }
    }

    @Test
    void secretValuesNeverReachLogLedgerOrMessages() throws IOException {
        List<String> log = new ArrayList<>();
        Deployment deployment;
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            var organization = Organizations.organization().withProject(Project.attaching("team-a", "standard")
                    .withEnvironment("dev", new Configuration(Map.of(), Map.of(),
                            Map.of("DB_PASSWORD", new SecretReference("dev-db")))));
            CdEngine engine = CdEngine.builder(organization, ledger).driver(new LeakyDriver())
                    .secrets((reference, key) -> io.cdpipelines.driver.SecretValue.of(SECRET_VALUE)).build();
            engine.recordRelease("team-a", "cart", "c1", Organizations.image(1), "", "ci");
            deployment = engine.promote(PromotionRequest.of("team-a", "cart", "dev")
                    .digest(Organizations.digest(1)), log::add);
        }
        assertThat(deployment.succeeded()).isFalse();
        assertThat(deployment.message()).isEqualTo("authentication failed for **** on deployment #1 of team-a/cart "
                + "in dev (" + Organizations.image(1) + ")");
        assertThat(log).contains("connecting with password ****").noneMatch(line -> line.contains(SECRET_VALUE));
        assertThat(deployment.configuration().toString()).doesNotContain(SECRET_VALUE).contains("dev-db");
        try (Stream<Path> files = Files.list(dataDirectory)) {
            for (Path file : files.toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain(SECRET_VALUE);
            }
        }
    }

    @Test
    void aValueGivenWithThePromotionNeitherReplacesASecretNorBreaksTheNamingRule() throws IOException {
        try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
            var organization = Organizations.organization().withProject(Project.attaching("team-a", "standard")
                    .withEnvironment("dev", new Configuration(Map.of(), Map.of(),
                            Map.of("DB_PASSWORD", new SecretReference("dev-db")))));
            List<String> deployed = new ArrayList<>();
            CdEngine engine = CdEngine.builder(organization, ledger).driver(new DeploymentDriver() {
                @Override
                public boolean supports(DataPlane dataPlane) {
                    return true;
                }

                @Override
                public DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log) {
                    deployed.add(order.toString());
                    return DeploymentOutcome.succeeded("deployed");
                }
            }).secrets((reference, key) -> io.cdpipelines.driver.SecretValue.of(SECRET_VALUE)).build();
            engine.recordRelease("team-a", "cart", "c1", Organizations.image(1), "", "ci");
            PromotionRequest request = PromotionRequest.of("team-a", "cart", "dev").digest(Organizations.digest(1));
            assertThatThrownBy(() -> engine.promote(request.configuration(new Configuration(
                    Map.of("DB_PASSWORD", "plain-text", "bad-name", "x"), Map.of(), Map.of())), line -> { }))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("variables.DB_PASSWORD: is a secret of dev: a value given with the promotion "
                            + "may not replace it")
                    .hasMessageContaining("variables.bad-name: \"bad-name\" is not a variable name");
            assertThat(deployed).isEmpty();
            assertThat(ledger.history(new io.cdpipelines.model.Slot("team-a", "cart", "dev"), 5)).isEmpty();
        }
    }

    @Test
    void secretValuePrintsMasked() {
        assertThat(io.cdpipelines.driver.SecretValue.of(SECRET_VALUE).toString()).isEqualTo("****");
    }
}
