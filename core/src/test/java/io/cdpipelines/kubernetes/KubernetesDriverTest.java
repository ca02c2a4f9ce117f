package io.cdpipelines.kubernetes;

import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Workload;
import io.cdpipelines.testing.Orders;
import io.cdpipelines.testing.Organizations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesDriverTest {
    private static final String NAMESPACE = "shop-staging";
    private static final Configuration CONFIGURATION = new Configuration(Map.of("LOG_LEVEL", "info"),
            Map.of("/etc/cart/app.yaml", "mode: staging\n"), Map.of("DB_PASSWORD", new SecretReference("staging-db")));
    private static final Map<String, SecretValue> SECRETS = Map.of("DB_PASSWORD", SecretValue.of("hunter2-db-value"));

    SimulatedCluster cluster;
    KubernetesClients clients;
    KubernetesDriver driver;
    final List<String> log = new CopyOnWriteArrayList<>();
    final SecretResolver credentials = (reference, key) -> SecretValue.of(reference.credentialsId().endsWith("kubeconfig")
            ? cluster.kubeconfig("ctx") : SimulatedCluster.TOKEN);

    @BeforeEach
    void start() {
        cluster = new SimulatedCluster();
        cluster.createNamespace(NAMESPACE);
        clients = new KubernetesClients(credentials, Duration.ofSeconds(5));
        driver = new KubernetesDriver(clients, 3, Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        clients.close();
        cluster.close();
    }

    DeploymentOrder order(long id, int image, Configuration configuration, List<Deployment> recent, Environment env,
                          KubernetesDataPlane plane, Duration timeout) {
        DeploymentOrder base = Orders.order(id, image, new Workload(null, 8080, 2), configuration, SECRETS);
        return new DeploymentOrder(base.deployment(), base.workload(), plane, env, NAMESPACE, configuration, SECRETS,
                recent, timeout);
    }

    DeploymentOrder order(long id, int image) {
        return order(id, image, CONFIGURATION, List.of(), Organizations.environment("staging", "eu"),
                cluster.dataPlane("eu"), Duration.ofSeconds(10));
    }

    @Test
    void appliesEveryObjectOnceWatchesTheRolloutAndNothingElse() {
        DeploymentOutcome outcome = driver.deploy(order(1, 1), log::add);
        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).isEqualTo("Deployment cart rolled out: 2/2 ready");
        assertThat(log).contains("staging: cart 2/2 ready");

        var deployment = cluster.admin().apps().deployments().inNamespace(NAMESPACE).withName("cart").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(Organizations.image(1).toString());
        assertThat(deployment.getMetadata().getLabels()).containsEntry(ManifestRenderer.DEPLOYMENT, "1")
                .containsEntry(ManifestRenderer.ENVIRONMENT, "staging");
        List<ConfigMap> configMaps = cluster.admin().configMaps().inNamespace(NAMESPACE).list().getItems();
        assertThat(configMaps).extracting(c -> c.getMetadata().getName()).allMatch(n -> n.startsWith("cart-"));
        assertThat(cluster.admin().secrets().inNamespace(NAMESPACE).list().getItems()).singleElement()
                .satisfies(secret -> assertThat(secret.getData()).containsKey("DB_PASSWORD"));

        assertThat(cluster.requests()).containsExactly(
                "PATCH /api/v1/namespaces/shop-staging/configmaps/" + configMaps.get(0).getMetadata().getName(),
                "PATCH /api/v1/namespaces/shop-staging/configmaps/" + configMaps.get(1).getMetadata().getName(),
                "PATCH /api/v1/namespaces/shop-staging/secrets/" + cluster.admin().secrets().inNamespace(NAMESPACE)
                        .list().getItems().get(0).getMetadata().getName(),
                "PATCH /api/v1/namespaces/shop-staging/services/cart",
                "PATCH /apis/apps/v1/namespaces/shop-staging/deployments/cart",
                "GET /apis/apps/v1/namespaces/shop-staging/deployments (watch)");
    }
}
