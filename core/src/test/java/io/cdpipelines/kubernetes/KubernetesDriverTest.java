package io.cdpipelines.kubernetes;

import io.cdpipelines.manifest.ManifestRenderer;
import io.cdpipelines.testcluster.SimulatedCluster;
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
                Organizations.cluster("eu", cluster.url()), Duration.ofSeconds(10));
    }

    @Test
    void appliesEveryObjectOnceFollowsTheRolloutThroughOneSharedWatchAndNothingElse() {
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
                // the first rollout in a namespace starts its informer: one list, then the watch
                "GET /apis/apps/v1/namespaces/shop-staging/deployments",
                "GET /apis/apps/v1/namespaces/shop-staging/deployments (watch)");

        // later promotions to the namespace: one apply per object, the watch already open
        cluster.clearRequests();
        assertThat(driver.deploy(order(2, 2), log::add).succeeded()).isTrue();
        assertThat(cluster.requests()).hasSize(5).allMatch(request -> request.startsWith("PATCH "));
        assertThat(log).containsSubsequence("staging: cart 2/2 ready", "staging: cart 2/2 ready");
    }

    private static Deployment succeeded(DeploymentOrder order) {
        return order.deployment().finished(io.cdpipelines.model.DeploymentResult.SUCCEEDED,
                order.deployment().startedAt().plusSeconds(30), "");
    }

    private List<String> configMapNames() {
        return cluster.admin().configMaps().inNamespace(NAMESPACE).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).sorted().toList();
    }

    @Test
    void configurationChangeRollsThePodsAndPrunesWhatNoRecentDeploymentNeeds() {
        DeploymentOrder first = order(1, 1);
        driver.deploy(first, log::add);
        List<String> firstNames = configMapNames();
        long firstGeneration = cluster.admin().apps().deployments().inNamespace(NAMESPACE).withName("cart").get()
                .getMetadata().getGeneration();

        Configuration debug = new Configuration(Map.of("LOG_LEVEL", "debug"), CONFIGURATION.files(),
                CONFIGURATION.secrets());
        DeploymentOrder second = order(2, 1, debug, List.of(succeeded(first)),
                Organizations.environment("staging", "eu"), Organizations.cluster("eu", cluster.url()), Duration.ofSeconds(10));
        assertThat(driver.deploy(second, log::add).succeeded()).isTrue();
        assertThat(cluster.admin().apps().deployments().inNamespace(NAMESPACE).withName("cart").get()
                .getMetadata().getGeneration()).isGreaterThan(firstGeneration);
        // #1's variables are still kept: a rollback to #1 needs them
        assertThat(configMapNames()).containsAll(firstNames).hasSize(3);

        Configuration trace = new Configuration(Map.of("LOG_LEVEL", "trace"), CONFIGURATION.files(),
                CONFIGURATION.secrets());
        DeploymentOrder third = order(3, 1, trace, List.of(succeeded(second)),
                Organizations.environment("staging", "eu"), Organizations.cluster("eu", cluster.url()), Duration.ofSeconds(10));
        assertThat(driver.deploy(third, log::add).succeeded()).isTrue();
        List<String> names = configMapNames();
        assertThat(names).hasSize(3).doesNotContain(firstNames.stream().filter(n -> n.contains("-env-")).findFirst()
                .orElseThrow());
        assertThat(names.stream().filter(n -> n.contains("-files-"))).hasSize(1);
    }

    @Test
    void missingNamespaceIsAClearErrorOrCreatedWhenTheEnvironmentAllowsIt() {
        Environment strict = Organizations.environment("staging", "eu");
        DeploymentOrder base = order(1, 1);
        DeploymentOrder elsewhere = new DeploymentOrder(base.deployment(), base.workload(), base.dataPlane(), strict,
                "shop-qa", base.configuration(), SECRETS, List.of(), Duration.ofSeconds(10));
        DeploymentOutcome refused = driver.deploy(elsewhere, log::add);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.changedDataPlane()).isFalse();
        assertThat(refused.message()).startsWith("namespace shop-qa does not exist (data plane eu, environment staging, "
                + "ConfigMap cart-env-").endsWith("): create it, or set createNamespace: true on the environment");

        Environment creating = new Environment("staging", null, "eu", "shop-qa", false, Configuration.EMPTY, null,
                true, true);
        DeploymentOrder allowed = new DeploymentOrder(base.deployment(), base.workload(), base.dataPlane(), creating,
                "shop-qa", base.configuration(), SECRETS, List.of(), Duration.ofSeconds(10));
        assertThat(driver.deploy(allowed, log::add).succeeded()).isTrue();
        assertThat(cluster.admin().namespaces().withName("shop-qa").get()).isNotNull();
    }

    @Test
    void rolloutThatNeverBecomesReadyTimesOut() {
        cluster.breakImage(Organizations.image(2).toString(), false);
        DeploymentOrder order = order(1, 2, CONFIGURATION, List.of(), Organizations.environment("staging", "eu"),
                Organizations.cluster("eu", cluster.url()), Duration.ofSeconds(1));
        DeploymentOutcome outcome = driver.deploy(order, log::add);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.changedDataPlane()).isTrue();
        assertThat(outcome.message()).isEqualTo("Deployment cart was not ready within 1s (staging: cart 0/2 ready)");
    }

    @Test
    void progressDeadlineFailsTheRolloutAtOnce() {
        cluster.breakImage(Organizations.image(2).toString(), true);
        DeploymentOutcome outcome = driver.deploy(order(1, 2, CONFIGURATION, List.of(),
                Organizations.environment("staging", "eu"), Organizations.cluster("eu", cluster.url()), Duration.ofSeconds(30)), log::add);
        assertThat(outcome.message()).isEqualTo("the rollout of Deployment cart failed: progress deadline exceeded "
                + "(ReplicaSet has timed out progressing.)");
    }

    @Test
    void eachErrorClassGetsAClearMessageAndOnlyTransientOnesAreRetried() {
        Map<Integer, String> expected = Map.of(
                401, "the API server refused the credentials (401 Unauthorized) (data plane eu at " + cluster.url()
                        + ", environment staging, "
                        + "Deployment cart): check the data plane's credential",
                403, "not allowed (403 Forbidden) (data plane eu at " + cluster.url() + ", environment staging, Deployment cart): injected "
                        + "failure 403; grant the data plane's account the right to apply it",
                409, "conflict (409) (data plane eu at " + cluster.url() + ", environment staging, Deployment cart): injected failure 409",
                422, "refused as invalid (422) (data plane eu at " + cluster.url() + ", environment staging, Deployment cart): injected failure 422");
        long id = 1;
        for (Map.Entry<Integer, String> error : expected.entrySet()) {
            cluster.clearRequests();
            cluster.fail("PATCH", "/deployments/cart", error.getKey(), 1);
            DeploymentOutcome outcome = driver.deploy(order(id++, 1), log::add);
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.message()).isEqualTo(error.getValue());
            assertThat(cluster.requests().stream().filter(r -> r.endsWith("/deployments/cart"))).hasSize(1);
        }

        cluster.clearRequests();
        cluster.fail("PATCH", "/deployments/cart", 503, 1);
        assertThat(driver.deploy(order(id++, 1), log::add).succeeded()).isTrue();
        assertThat(cluster.requests().stream().filter(r -> r.endsWith("/deployments/cart"))).hasSize(2);

        cluster.fail("PATCH", "/deployments/cart", 500, 10);
        DeploymentOutcome exhausted = driver.deploy(order(id, 1), log::add);
        assertThat(exhausted.message()).isEqualTo("the API server answered 500 (data plane eu at " + cluster.url() + ", environment staging, "
                + "Deployment cart): injected failure 500 (tried 3 times)");
        assertThat(log).noneMatch(line -> line.contains(SimulatedCluster.TOKEN));
    }

    @Test
    void unreachableAndSlowApiServersAreTransientThenClearErrors() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KubernetesDataPlane nowhere = new KubernetesDataPlane("gone", "http://127.0.0.1:" + closedPort, null, "t",
                null, null, null);
        DeploymentOutcome unreachable = driver.deploy(order(1, 1, CONFIGURATION, List.of(),
                Organizations.environment("staging", "gone"), nowhere, Duration.ofSeconds(5)), log::add);
        assertThat(unreachable.message()).startsWith("cannot reach the API server (data plane gone at http://127.0.0.1:"
                + closedPort + ", environment staging, ConfigMap cart-env-")
                .contains("nothing answers at that address (connection refused)").endsWith("(tried 3 times)")
                .doesNotContain(SimulatedCluster.TOKEN);

        try (KubernetesClients impatient = new KubernetesClients(credentials, Duration.ofMillis(300))) {
            cluster.latency(1_000);
            DeploymentOutcome slow = new KubernetesDriver(impatient, 2, Duration.ofMillis(10))
                    .deploy(order(2, 1), log::add);
            assertThat(slow.succeeded()).isFalse();
            assertThat(slow.message()).contains("(data plane eu at " + cluster.url() + ", environment staging, ConfigMap cart-env-")
                    .endsWith("(tried 2 times)");
        } finally {
            cluster.latency(0);
        }
    }

    @Test
    void previewUsesServerSideDryRunAndChangesNothing() {
        driver.deploy(order(1, 1), log::add);
        cluster.clearRequests();
        Configuration debug = new Configuration(Map.of("LOG_LEVEL", "debug"), CONFIGURATION.files(),
                CONFIGURATION.secrets());
        List<String> preview = driver.preview(order(2, 2, debug, List.of(), Organizations.environment("staging", "eu"),
                Organizations.cluster("eu", cluster.url()), Duration.ofSeconds(10)));
        assertThat(preview).anyMatch(line -> line.startsWith("would create ConfigMap cart-env-"))
                .contains("would change Deployment cart: image " + Organizations.image(1) + " -> "
                        + Organizations.image(2))
                .noneMatch(line -> line.contains("Service"));
        assertThat(cluster.admin().apps().deployments().inNamespace(NAMESPACE).withName("cart").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(Organizations.image(1).toString());
        assertThat(cluster.requests()).noneMatch(r -> r.startsWith("PATCH") && !r.contains("deployments")
                && !r.contains("configmaps") && !r.contains("secrets") && !r.contains("services"));
    }

    @Test
    void driftReportsWhatChangedBehindTheLedgersBack() {
        DeploymentOrder deployed = order(1, 1);
        driver.deploy(deployed, log::add);
        assertThat(driver.drift(deployed)).contains(List.of());

        var live = cluster.admin().apps().deployments().inNamespace(NAMESPACE).withName("cart").get();
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example.com/team-a/cart:hotfix");
        cluster.admin().apps().deployments().inNamespace(NAMESPACE).resource(live).update();
        String env = configMapNames().stream().filter(n -> n.contains("-env-")).findFirst().orElseThrow();
        cluster.admin().configMaps().inNamespace(NAMESPACE).withName(env).delete();

        assertThat(driver.drift(deployed).orElseThrow()).containsExactlyInAnyOrder(
                "ConfigMap " + env + " is missing",
                "Deployment cart runs [registry.example.com/team-a/cart:hotfix] but deployment #1 deployed ["
                        + Organizations.image(1) + "]");
    }

    @Test
    void connectsWithAKubeconfigAndItsContext() {
        KubernetesDataPlane byKubeconfig = new KubernetesDataPlane("eu", null, null, null, "eu-kubeconfig", "ctx", null);
        DeploymentOutcome outcome = driver.deploy(order(1, 1, CONFIGURATION, List.of(),
                Organizations.environment("staging", "eu"), byKubeconfig, Duration.ofSeconds(10)), log::add);
        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        KubernetesDataPlane wrongContext = new KubernetesDataPlane("eu", null, null, null, "eu-kubeconfig", "nope",
                null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.deploy(order(2, 1, CONFIGURATION, List.of(),
                        Organizations.environment("staging", "eu"), wrongContext, Duration.ofSeconds(10)), log::add))
                .hasMessage("kubeconfigCredentialsId: the kubeconfig of data plane eu cannot be read with context nope: "
                        + "check credential eu-kubeconfig");
    }

    @Test
    void suppliedStatefulSetRollsOutWithThePinnedImage() {
        String manifests = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: cart}
                spec:
                  replicas: 3
                  serviceName: cart
                  selector: {matchLabels: {app: cart}}
                  template:
                    metadata: {labels: {app: cart}}
                    spec:
                      containers: [{name: cart, image: "registry.example.com/team-a/cart:dev"}]
                """;
        DeploymentOrder base = order(1, 1);
        DeploymentOrder order = new DeploymentOrder(base.deployment(), new Workload(manifests, null, 1),
                base.dataPlane(), base.environment(), NAMESPACE, CONFIGURATION, SECRETS, List.of(),
                Duration.ofSeconds(10));
        DeploymentOutcome outcome = driver.deploy(order, log::add);
        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).isEqualTo("StatefulSet cart rolled out: 3/3 ready");
        assertThat(cluster.admin().apps().statefulSets().inNamespace(NAMESPACE).withName("cart").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(Organizations.image(1).toString());
    }

    @Test
    void oneClientPerDataPlaneReplacedWhenTheCredentialRotates() {
        String[] token = {SimulatedCluster.TOKEN};
        try (KubernetesClients rotating = new KubernetesClients((reference, key) -> SecretValue.of(token[0]),
                Duration.ofSeconds(5))) {
            var key = order(1, 1).deployment().slot();
            var first = rotating.forPlane(Organizations.cluster("eu", cluster.url()), key);
            assertThat(rotating.forPlane(Organizations.cluster("eu", cluster.url()), key)).isSameAs(first);
            token[0] = "rotated-token";
            var second = rotating.forPlane(Organizations.cluster("eu", cluster.url()), key);
            assertThat(second).isNotSameAs(first);
            assertThat(second.getConfiguration().getOauthToken()).isEqualTo("rotated-token");
            assertThat(rotating.forPlane(Organizations.cluster("us", cluster.url()), key)).isNotSameAs(second);
        }
    }
}
