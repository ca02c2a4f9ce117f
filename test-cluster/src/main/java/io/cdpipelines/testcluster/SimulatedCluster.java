package io.cdpipelines.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster for tests (of core, the cli, the plugin, and the benchmarks): fabric8's Kubernetes mock server in CRUD mode, extended with what it lacks. It answers
 * server-side apply (create, or merge where the applied fields win and lists are replaced whole; honouring dry-run;
 * 404 for a missing namespace), runs a Deployment
 * controller that advances status (and never readies the images it is told are broken, and holds rollouts back
 * when told to), logs the driver's requests, and injects faults and latency.
 */
public final class SimulatedCluster implements AutoCloseable {
    public static final String TOKEN = "t0ken-for-the-test-cluster";
    private static final String CONTROLLER = "simulated-controller";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAMESPACED = Pattern.compile("^/(?:api/v1|apis/[^/]+/[^/]+)/namespaces/([^/]+)/.+");
    /** The mock server logs every request at INFO; held here so that the quieter level stays set. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final ApplyingDispatcher dispatcher = new ApplyingDispatcher();
    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final Watch controller;
    private final Watch statefulSetController;
    private final Set<String> brokenImages = ConcurrentHashMap.newKeySet();
    /** Deployments (namespace/name) whose rollout the controller holds back while {@link #holdRollouts} is on. */
    private final Set<String> heldRollouts = ConcurrentHashMap.newKeySet();
    private volatile boolean holding;
    private volatile boolean reportDeadline;

    public SimulatedCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(url()).withOauthToken(TOKEN).withUserAgent(CONTROLLER)
                .withRequestRetryBackoffLimit(0).build()).build();
        controller = admin.apps().deployments().inAnyNamespace().watch(new DeploymentController());
        statefulSetController = admin.apps().statefulSets().inAnyNamespace().watch(new StatefulSetController());
    }

    public String url() {
        return server.url("/");
    }

    /** A kubeconfig for this cluster with one context. */
    public String kubeconfig(String context) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: simulated
                    cluster: {server: "%s"}
                users:
                  - name: deployer
                    user: {token: "%s"}
                contexts:
                  - name: %s
                    context: {cluster: simulated, user: deployer, namespace: default}
                current-context: %s
                """.formatted(url(), TOKEN, context, context);
    }

    public KubernetesClient admin() {
        return admin;
    }

    public void createNamespace(String name) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    /** Deployments running this image (repository@digest) never become ready. */
    public void breakImage(String image, boolean reportProgressDeadline) {
        brokenImages.add(image);
        this.reportDeadline = reportProgressDeadline;
    }

    /** From now on the Deployment controller holds rollouts back: no status moves until {@link #releaseRollouts}. */
    public void holdRollouts() {
        holding = true;
    }

    /** Lets the held rollouts (and every later one) proceed. */
    public void releaseRollouts() {
        holding = false;
        for (String held : List.copyOf(heldRollouts)) {
            heldRollouts.remove(held);
            String[] namespaceAndName = held.split("/", 2);
            Deployment deployment = admin.apps().deployments().inNamespace(namespaceAndName[0])
                    .withName(namespaceAndName[1]).get();
            if (deployment != null) {
                new DeploymentController().eventReceived(Watcher.Action.MODIFIED, deployment);
            }
        }
    }

    /** The driver's requests so far, as "METHOD path" without the query. */
    public List<String> requests() {
        return List.copyOf(dispatcher.requests);
    }

    public void clearRequests() {
        dispatcher.requests.clear();
    }

    /** The next {@code times} requests matching method and path prefix get {@code code}. */
    public void fail(String method, String pathPart, int code, int times) {
        dispatcher.faults.add(new Fault(method, pathPart, code, new java.util.concurrent.atomic.AtomicInteger(times)));
    }

    /** Every request of the driver waits this long first. */
    public void latency(long millis) {
        dispatcher.latencyMillis = millis;
    }

    @Override
    public void close() {
        controller.close();
        statefulSetController.close();
        admin.close();
        server.destroy();
    }

    private record Fault(String method, String pathPart, int code, java.util.concurrent.atomic.AtomicInteger left) {
    }

    /** The CRUD dispatcher, answering server-side apply as a create-or-merge, with faults and a request log. */
    private final class ApplyingDispatcher extends KubernetesCrudDispatcher {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Fault> faults = new CopyOnWriteArrayList<>();
        volatile long latencyMillis;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            boolean fromDriver = !CONTROLLER.equals(request.getHeader("User-Agent"));
            if (fromDriver) {
                requests.add(request.getMethod() + " " + request.getPath().split("\\?")[0]
                        + (request.getPath().contains("watch=true") ? " (watch)" : ""));
                for (Fault fault : faults) {
                    if (fault.method().equals(request.getMethod()) && request.getPath().contains(fault.pathPart())
                            && fault.left().getAndDecrement() > 0) {
                        return status(fault.code(), "Injected" + fault.code(), "injected failure " + fault.code(),
                                null, null);
                    }
                }
                if (latencyMillis > 0) {
                    try {
                        Thread.sleep(latencyMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return super.dispatch(request);
        }

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String contentType = String.valueOf(request.getHeader("Content-Type"));
            if (!contentType.contains("apply-patch")) {
                return super.handlePatch(request);
            }
            URI uri = URI.create(request.getPath());
            String path = uri.getPath();
            boolean dryRun = uri.getQuery() != null && uri.getQuery().contains("dryRun=All");
            try {
                ObjectNode applied = (ObjectNode) YAML.readTree(request.getBody().readUtf8());
                Matcher namespaced = NAMESPACED.matcher(path);
                if (namespaced.matches() && super.handleGet("/api/v1/namespaces/" + namespaced.group(1)).code() == 404) {
                    return status(404, "NotFound", "namespaces \"" + namespaced.group(1) + "\" not found",
                            "namespaces", namespaced.group(1));
                }
                MockResponse current = super.handleGet(path);
                if (current.code() == 404) {
                    if (dryRun) {
                        ((ObjectNode) applied.path("metadata")).put("generation", 1);
                        return new MockResponse().setResponseCode(200).setBody(applied.toString());
                    }
                    String collection = path.substring(0, path.lastIndexOf('/'));
                    MockResponse created = super.handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST,
                            collection, Headers.builder().add("Content-Type", "application/json").build(),
                            new Buffer(applied.toString().getBytes(StandardCharsets.UTF_8))));
                    return created.code() == 201 ? created.setResponseCode(201) : created;
                }
                // the fields the applier sends win, lists whole (the mock's own merge would append to lists)
                JsonNode merged = merge(JSON.readTree(current.getBody().readUtf8()), applied);
                if (dryRun) {
                    return new MockResponse().setResponseCode(200).setBody(merged.toString());
                }
                return super.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path,
                        Headers.builder().add("Content-Type", "application/json").build(),
                        new Buffer(merged.toString().getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                return status(400, "BadRequest", "the apply body is not YAML: " + e.getMessage(), null, null);
            }
        }

        private JsonNode merge(JsonNode target, JsonNode patch) {
            if (!patch.isObject() || !target.isObject()) {
                return patch.deepCopy();
            }
            ObjectNode result = (ObjectNode) target.deepCopy();
            for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                result.set(name, result.has(name) ? merge(result.get(name), patch.get(name)) : patch.get(name));
            }
            return result;
        }

        private MockResponse status(int code, String reason, String message, String kind, String name) {
            ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                    .put("status", "Failure").put("reason", reason).put("message", message).put("code", code);
            if (kind != null) {
                status.putObject("details").put("kind", kind).put("name", name);
            }
            return new MockResponse().setResponseCode(code).setBody(status.toString());
        }
    }

    /** Advances StatefulSet status once per new generation: all replicas updated and ready. */
    private final class StatefulSetController implements Watcher<io.fabric8.kubernetes.api.model.apps.StatefulSet> {
        @Override
        public void eventReceived(Action action, io.fabric8.kubernetes.api.model.apps.StatefulSet set) {
            long generation = Optional.ofNullable(set.getMetadata().getGeneration()).orElse(1L);
            var status = set.getStatus();
            if (action == Action.DELETED || status != null && status.getObservedGeneration() != null
                    && status.getObservedGeneration() >= generation) {
                return;
            }
            int desired = Optional.ofNullable(set.getSpec().getReplicas()).orElse(1);
            var next = new io.fabric8.kubernetes.api.model.apps.StatefulSetStatus();
            next.setObservedGeneration(generation);
            next.setReplicas(desired);
            next.setUpdatedReplicas(desired);
            next.setReadyReplicas(desired);
            next.setAvailableReplicas(desired);
            next.setCurrentRevision("cart-" + generation);
            next.setUpdateRevision("cart-" + generation);
            set.setStatus(next);
            try {
                admin.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(set).updateStatus();
            } catch (KubernetesClientException e) {
                // a newer generation arrived meanwhile; its own event will be handled
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // the cluster is closing
        }
    }

    /** Advances Deployment status the way the real controller would, once per new generation. */
    private final class DeploymentController implements Watcher<Deployment> {
        @Override
        public void eventReceived(Action action, Deployment deployment) {
            if (action == Action.DELETED) {
                return;
            }
            if (holding) {
                heldRollouts.add(deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName());
                return;
            }
            long generation = Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(1L);
            DeploymentStatus status = deployment.getStatus();
            if (status != null && status.getObservedGeneration() != null && status.getObservedGeneration() >= generation) {
                return;
            }
            int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            boolean broken = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                    .anyMatch(c -> brokenImages.contains(c.getImage()));
            List<DeploymentCondition> conditions = new ArrayList<>();
            if (broken && reportDeadline) {
                conditions.add(new DeploymentCondition(null, null, "ReplicaSet has timed out progressing.",
                        "ProgressDeadlineExceeded", "False", "Progressing"));
            }
            DeploymentStatus next = new DeploymentStatus();
            next.setObservedGeneration(generation);
            next.setReplicas(desired);
            next.setUpdatedReplicas(desired);
            next.setReadyReplicas(broken ? 0 : desired);
            next.setAvailableReplicas(broken ? 0 : desired);
            next.setConditions(conditions);
            deployment.setStatus(next);
            try {
                admin.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(deployment)
                        .updateStatus();
            } catch (KubernetesClientException e) {
                // a newer generation arrived meanwhile; its own event will be handled
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // the cluster is closing
        }
    }
}
