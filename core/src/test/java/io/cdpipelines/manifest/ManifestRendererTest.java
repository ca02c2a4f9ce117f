package io.cdpipelines.manifest;

import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Workload;
import io.cdpipelines.testing.Orders;
import io.cdpipelines.testing.Organizations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cdpipelines.manifest.ManifestRenderer.SecretForm.EXTERNAL_REFERENCES;
import static io.cdpipelines.manifest.ManifestRenderer.SecretForm.VALUES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestRendererTest {
    private static final Configuration CONFIGURATION = new Configuration(Map.of("LOG_LEVEL", "info"),
            Map.of("/etc/cart/app.yaml", "mode: staging\n"), Map.of("DB_PASSWORD", new SecretReference("db")));
    private static final Map<String, SecretValue> SECRETS = Map.of("DB_PASSWORD", SecretValue.of("hunter2"));

    private static <T extends HasMetadata> T only(RenderedObjects rendered, Class<T> type) {
        List<T> matching = rendered.objects().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    @Test
    void generatesDeploymentAndServicePinnedToTheDigestWithConfigurationWired() {
        DeploymentOrder order = Orders.order(12, 1, new Workload(null, 8080, 3), CONFIGURATION, SECRETS);
        RenderedObjects rendered = ManifestRenderer.render(order, VALUES, true);

        assertThat(rendered.objects()).extracting(HasMetadata::getKind)
                .containsExactly("ConfigMap", "ConfigMap", "Secret", "Service", "Deployment");
        Deployment deployment = only(rendered, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(Organizations.image(1).toString());
        assertThat(container.getEnvFrom()).hasSize(2);
        assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/cart/app.yaml");
            assertThat(mount.getSubPath()).isEqualTo("etc_cart_app.yaml");
        });
        assertThat(only(rendered, Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        Secret secret = only(rendered, Secret.class);
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getData()).containsEntry("DB_PASSWORD", "aHVudGVyMg==");

        for (HasMetadata object : rendered.objects()) {
            assertThat(object.getMetadata().getNamespace()).isEqualTo("shop-staging");
            assertThat(object.getMetadata().getLabels()).containsEntry(ManifestRenderer.PROJECT, "team-a.shop")
                    .containsEntry(ManifestRenderer.COMPONENT, "cart")
                    .containsEntry(ManifestRenderer.ENVIRONMENT, "staging")
                    .containsEntry(ManifestRenderer.PIPELINE, "standard")
                    .containsEntry(ManifestRenderer.DEPLOYMENT, "12");
            assertThat(object.getMetadata().getAnnotations())
                    .containsEntry(ManifestRenderer.DIGEST, Organizations.digest(1).value())
                    .containsEntry(ManifestRenderer.REVISION, "commit-1")
                    .containsEntry(ManifestRenderer.PROJECT_PATH, "team-a/shop");
        }
    }

    @Test
    void configurationObjectsAreNamedByContentSoAChangeRollsThePods() {
        RenderedObjects first = ManifestRenderer.render(Orders.order(1, 1, Workload.GENERATED, CONFIGURATION, SECRETS),
                VALUES, false);
        RenderedObjects same = ManifestRenderer.render(Orders.order(2, 1, Workload.GENERATED, CONFIGURATION, SECRETS),
                VALUES, false);
        assertThat(same.files()).isEqualTo(first.files());
        Configuration changed = new Configuration(Map.of("LOG_LEVEL", "debug"), CONFIGURATION.files(),
                CONFIGURATION.secrets());
        RenderedObjects other = ManifestRenderer.render(Orders.order(3, 1, Workload.GENERATED, changed, SECRETS),
                VALUES, false);
        List<String> firstNames = first.objects().stream().filter(ConfigMap.class::isInstance)
                .map(o -> o.getMetadata().getName()).toList();
        List<String> otherNames = other.objects().stream().filter(ConfigMap.class::isInstance)
                .map(o -> o.getMetadata().getName()).toList();
        assertThat(firstNames.get(0)).startsWith("cart-env-").isNotEqualTo(otherNames.get(0));
        assertThat(firstNames.get(1)).isEqualTo(otherNames.get(1));
        RenderedObjects rotated = ManifestRenderer.render(Orders.order(4, 1, Workload.GENERATED, CONFIGURATION,
                Map.of("DB_PASSWORD", SecretValue.of("rotated"))), VALUES, false);
        assertThat(only(rotated, Secret.class).getMetadata().getName())
                .isNotEqualTo(only(first, Secret.class).getMetadata().getName());
    }

    @Test
    void gitFormHoldsSecretReferencesNeverValues() {
        RenderedObjects rendered = ManifestRenderer.render(Orders.order(1, 1, Workload.GENERATED, CONFIGURATION,
                Map.of()), EXTERNAL_REFERENCES, false);
        GenericKubernetesResource external = only(rendered, GenericKubernetesResource.class);
        assertThat(external.getKind()).isEqualTo("ExternalSecret");
        assertThat(rendered.yaml()).contains("key: \"db\"").doesNotContain("hunter2");
        assertThat(rendered.objects()).noneMatch(Secret.class::isInstance);
    }

    @Test
    void externalSecretYamlIsTheSameInEveryJvm() {
        RenderedObjects rendered = ManifestRenderer.render(Orders.order(1, 1, Workload.GENERATED, CONFIGURATION,
                Map.of()), EXTERNAL_REFERENCES, false);
        String yaml = rendered.files().entrySet().stream().filter(e -> e.getKey().startsWith("externalsecret-"))
                .findFirst().orElseThrow().getValue();
        // key order is part of the bytes a GitOps commit compares; hash-ordered maps would vary per JVM
        assertThat(yaml).containsSubsequence("refreshInterval: \"1h\"", "secretStoreRef:", "kind: \"ClusterSecretStore\"",
                "name: \"cd-pipelines\"", "target:", "creationPolicy: \"Owner\"", "data:", "- secretKey: \"DB_PASSWORD\"",
                "remoteRef:", "key: \"db\"");
    }

    @Test
    void suppliedManifestsGetTheDigestTheNamespaceAndTheConfiguration() {
        String manifests = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: cart
                  labels: {tier: backend}
                spec:
                  serviceName: cart
                  selector: {matchLabels: {app: cart}}
                  template:
                    metadata: {labels: {app: cart}}
                    spec:
                      containers:
                        - name: cart
                          image: registry.example.com/team-a/cart:1.4
                        - name: proxy
                          image: envoyproxy/envoy:v1.30
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: cart}
                spec:
                  selector: {app: cart}
                  ports: [{port: 80, targetPort: 8080}]
                """;
        RenderedObjects rendered = ManifestRenderer.render(Orders.order(5, 2, new Workload(manifests, null, 1),
                CONFIGURATION, SECRETS), VALUES, true);
        StatefulSet statefulSet = only(rendered, StatefulSet.class);
        List<Container> containers = statefulSet.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers.get(0).getImage()).isEqualTo(Organizations.image(2).toString());
        assertThat(containers.get(1).getImage()).isEqualTo("envoyproxy/envoy:v1.30");
        assertThat(containers.get(0).getEnvFrom()).hasSize(2);
        assertThat(statefulSet.getMetadata().getLabels()).containsEntry("tier", "backend")
                .containsEntry(ManifestRenderer.ENVIRONMENT, "staging");
        assertThat(only(rendered, Service.class).getMetadata().getNamespace()).isEqualTo("shop-staging");
    }

    @Test
    void manifestsThatDoNotRunTheImageOrHoldClusterObjectsAreRefused() {
        String other = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {a: b}}\n"
                + "  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: x, image: nginx:1.27}]}\n";
        assertThatThrownBy(() -> ManifestRenderer.render(Orders.order(1, 1, new Workload(other, null, 1),
                Configuration.EMPTY, Map.of()), VALUES, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("manifests: no Deployment, StatefulSet or DaemonSet in the manifests runs "
                        + "registry.example.com/team-a/cart: the release's image would not be deployed");
        String cluster = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: admin}\n";
        assertThatThrownBy(() -> ManifestRenderer.render(Orders.order(1, 1, new Workload(cluster, null, 1),
                Configuration.EMPTY, Map.of()), VALUES, true))
                .hasMessage("manifests: ClusterRole admin is not namespaced: a component's manifests may hold "
                        + "namespaced objects only");
        assertThatThrownBy(() -> ManifestRenderer.render(Orders.order(1, 1, new Workload("kind: [", null, 1),
                Configuration.EMPTY, Map.of()), VALUES, true))
                .hasMessageStartingWith("manifests: invalid YAML in the text of the manifests at line 1");
    }

    @Test
    void repositoryOfStripsTagAndDigestButKeepsTheRegistryPort() {
        assertThat(SuppliedManifests.repositoryOf("reg:5000/a/b:1.2@sha256:abc")).isEqualTo("reg:5000/a/b");
        assertThat(SuppliedManifests.repositoryOf("reg:5000/a/b")).isEqualTo("reg:5000/a/b");
    }
}
