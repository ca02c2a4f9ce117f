package io.cdpipelines.kubernetes;

import io.cdpipelines.manifest.ManifestRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpipelines.driver.DataPlaneUnreachableException;
import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.KubernetesDataPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deploys to a Kubernetes cluster: renders the deployment's objects, applies each once with server-side apply
 * (field manager {@code cd-pipelines}, so fields other managers own stay theirs), creates the namespace when the
 * environment allows it, prunes configuration objects no recent deployment needs, and follows the workload until it
 * has rolled out through a shared informer per namespace. Transient API errors are retried a bounded number of times; every other error fails with a
 * message naming the data plane, the environment and the object.
 */
public final class KubernetesDriver implements DeploymentDriver {
    public static final String FIELD_MANAGER = "cd-pipelines";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClients clients;
    private final int attempts;
    private final Duration backoff;

    public KubernetesDriver(KubernetesClients clients) {
        this(clients, 3, Duration.ofMillis(200));
    }

    /** With {@code attempts} tries per request for transient errors, pausing {@code backoff} times the try. */
    public KubernetesDriver(KubernetesClients clients, int attempts, Duration backoff) {
        this.clients = clients;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    @Override
    public boolean supports(DataPlane dataPlane) {
        return dataPlane instanceof KubernetesDataPlane;
    }

    @Override
    public DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log) {
        Target target = new Target(order);
        List<HasMetadata> objects = ManifestRenderer.render(order, ManifestRenderer.SecretForm.VALUES, true).objects();
        List<HasMetadata> workloads = new ArrayList<>();
        boolean changed = false;
        try {
            KubernetesClients.Connection connection = clients.connect(target.plane, order.deployment().slot());
            KubernetesClient client = connection.client();
            for (HasMetadata object : objects) {
                HasMetadata applied = apply(client, target, object);
                changed = true;
                if (Rollout.isWorkload(applied)) {
                    workloads.add(applied);
                }
            }
            prune(client, target, order, log);
            List<String> summaries = new ArrayList<>();
            for (HasMetadata workload : workloads) {
                startInformer(connection, target, workload);
                log.println(target.environment + ": applied " + objects.size() + " objects; waiting for "
                        + workload.getKind() + " " + workload.getMetadata().getName() + " to roll out");
                Rollout.Result result = Rollout.await(connection.informers(), workload, target.environment,
                        order.deployment().slot().component(), order.timeout(), order.abort(), log,
                        () -> unreachable(client, target, workload));
                if (!result.ready()) {
                    return DeploymentOutcome.failedAfterApply(result.message());
                }
                summaries.add(result.message());
            }
            return new DeploymentOutcome(true, summaries.isEmpty() ? "applied " + objects.size() + " objects"
                    : String.join("; ", summaries), target.plane.serverUrl() == null ? "" : target.plane.serverUrl(),
                    true);
        } catch (Failure failure) {
            return changed ? DeploymentOutcome.failedAfterApply(failure.getMessage())
                    : DeploymentOutcome.failed(failure.getMessage());
        }
    }

    /** Why the API server cannot be asked about {@code workload} now, or empty while it answers. */
    private static Optional<String> unreachable(KubernetesClient client, Target target, HasMetadata workload) {
        try {
            client.resource(workload).inNamespace(target.namespace).get();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            KubernetesFailure failure = KubernetesFailure.of(e, target.plane, target.environment,
                    workload.getKind() + " " + workload.getMetadata().getName());
            return failure.transientError() ? Optional.of(failure.message()) : Optional.empty();
        }
    }

    /** Server-side apply of one object, creating the namespace on a 404 when the environment allows it. */
    private HasMetadata apply(KubernetesClient client, Target target, HasMetadata object) {
        String what = object.getKind() + " " + object.getMetadata().getName();
        boolean namespaceCreated = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resource(object).inNamespace(target.namespace).fieldManager(FIELD_MANAGER)
                        .serverSideApply();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404 && namespaceMissing(e, target.namespace)) {
                    if (!target.order.environment().createNamespace()) {
                        throw new Failure("namespace " + target.namespace + " does not exist (data plane "
                                + target.plane.name() + ", environment " + target.environment + ", " + what
                                + "): create it, or set createNamespace: true on the environment");
                    }
                    if (!namespaceCreated) {
                        createNamespace(client, target);
                        namespaceCreated = true;
                        attempt--;
                        continue;
                    }
                }
                KubernetesFailure failure = KubernetesFailure.of(e, target.plane, target.environment, what);
                if (!failure.transientError() || attempt >= attempts) {
                    throw new Failure(failure.message() + (failure.transientError() ? " (tried " + attempt + " times)"
                            : ""));
                }
                pause(attempt);
            }
        }
    }

    /** Starts the namespace's informer now, so that a refusal to list or watch is reported as such. */
    private static void startInformer(KubernetesClients.Connection connection, Target target, HasMetadata workload) {
        try {
            connection.informers().informerFor(workload);
        } catch (KubernetesClientException e) {
            throw new Failure(KubernetesFailure.of(e, target.plane, target.environment,
                    "watching " + workload.getKind() + " " + workload.getMetadata().getName()).message());
        }
    }

    private void createNamespace(KubernetesClient client, Target target) {
        var namespace = new NamespaceBuilder().withNewMetadata().withName(target.namespace)
                .addToLabels(ManifestRenderer.MANAGED_BY, "cd-pipelines").endMetadata().build();
        try {
            client.resource(namespace).fieldManager(FIELD_MANAGER).serverSideApply();
        } catch (KubernetesClientException e) {
            throw new Failure(KubernetesFailure.of(e, target.plane, target.environment,
                    "Namespace " + target.namespace).message());
        }
    }

    private static boolean namespaceMissing(KubernetesClientException e, String namespace) {
        var status = e.getStatus();
        return status != null && status.getDetails() != null
                && "namespaces".equals(status.getDetails().getKind())
                && namespace.equals(status.getDetails().getName());
    }

    /**
     * When the configuration changed, deletes this component's configuration objects in the environment that no
     * recent successful deployment applied last: objects in use carry the number of the deployment that applied
     * them. Nothing is listed when the configuration is unchanged. Best effort: a failure is logged, not fatal.
     */
    private void prune(KubernetesClient client, Target target, DeploymentOrder order, DeploymentLog log) {
        List<Deployment> recent = order.recentDeployments();
        if (recent.isEmpty() || recent.get(0).configuration().equals(order.deployment().configuration())) {
            return;
        }
        Map<String, String> selector = new TreeMap<>(Map.of(
                ManifestRenderer.MANAGED_BY, "cd-pipelines",
                ManifestRenderer.PROJECT, ManifestRenderer.labelValue(order.deployment().slot().project()),
                ManifestRenderer.COMPONENT, ManifestRenderer.labelValue(order.deployment().slot().component()),
                ManifestRenderer.ENVIRONMENT, target.environment));
        java.util.Set<String> keep = new java.util.HashSet<>();
        recent.forEach(d -> keep.add(Long.toString(d.id())));
        keep.add(Long.toString(order.deployment().id()));
        try {
            List<HasMetadata> candidates = new ArrayList<>();
            candidates.addAll(client.configMaps().inNamespace(target.namespace).withLabels(selector).list().getItems());
            candidates.addAll(client.secrets().inNamespace(target.namespace).withLabels(selector).list().getItems());
            for (HasMetadata object : candidates) {
                String appliedBy = object.getMetadata().getLabels().get(ManifestRenderer.DEPLOYMENT);
                if (!keep.contains(appliedBy)) {
                    client.resource(object).inNamespace(target.namespace).delete();
                    log.println(target.environment + ": pruned " + object.getKind() + " "
                            + object.getMetadata().getName() + " (last used by deployment #" + appliedBy + ")");
                }
            }
        } catch (KubernetesClientException e) {
            log.println(target.environment + ": old configuration objects were not pruned: "
                    + KubernetesFailure.of(e, target.plane, target.environment, "pruning").message());
        }
    }

    @Override
    public List<String> preview(DeploymentOrder order) {
        Target target = new Target(order);
        KubernetesClient client = clients.forPlane(target.plane, order.deployment().slot());
        List<String> lines = new ArrayList<>();
        // a preview never needs a secret's value: the Secret is rendered with its keys only, and not compared
        for (HasMetadata object : ManifestRenderer.render(order, ManifestRenderer.SecretForm.UNRESOLVED, true)
                .objects()) {
            String what = object.getKind() + " " + object.getMetadata().getName();
            if (object instanceof Secret secret) {
                lines.add("would apply the Secret of " + secret.getData().size() + " value(s) "
                        + String.join(", ", secret.getData().keySet()) + ": resolved at deploy time, not shown");
                continue;
            }
            HasMetadata live = get(client, target, object, what);
            if (live == null) {
                lines.add("would create " + what);
                continue;
            }
            HasMetadata after;
            try {
                after = client.resource(object).inNamespace(target.namespace).dryRun().fieldManager(FIELD_MANAGER)
                        .serverSideApply();
            } catch (KubernetesClientException e) {
                after = object; // the server has no dry-run: compare with what would be sent
            }
            if (!withoutSecretHashes(content(live)).equals(withoutSecretHashes(content(after)))) {
                lines.add("would change " + what + describeImageChange(live, after));
            }
        }
        return lines;
    }

    @Override
    public Optional<List<String>> drift(DeploymentOrder expected) {
        Target target = new Target(expected);
        KubernetesClient client = clients.forPlane(target.plane, expected.deployment().slot());
        List<String> differences = new ArrayList<>();
        for (HasMetadata object : ManifestRenderer.render(expected, ManifestRenderer.SecretForm.VALUES, false)
                .objects()) {
            String what = object.getKind() + " " + object.getMetadata().getName();
            HasMetadata live = get(client, target, object, what);
            if (live == null) {
                differences.add(what + " is missing");
            } else if (object instanceof ConfigMap wanted && live instanceof ConfigMap actual
                    && !Objects.equals(wanted.getData(), actual.getData())) {
                differences.add(what + " holds other data than deployment #" + expected.deployment().id());
            } else if (Rollout.isWorkload(object)) {
                List<String> wantedImages = images(object);
                List<String> liveImages = images(live);
                if (!wantedImages.equals(liveImages)) {
                    differences.add(what + " runs " + liveImages + " but deployment #" + expected.deployment().id()
                            + " deployed " + wantedImages);
                } else if (!configurationReferences(object).equals(configurationReferences(live))) {
                    // the server adds defaults to a pod template, so only what we wire in is compared
                    differences.add(what + " uses configuration " + configurationReferences(live) + " but deployment #"
                            + expected.deployment().id() + " wired in " + configurationReferences(object));
                }
            }
        }
        return Optional.of(differences);
    }

    @Override
    public Optional<Boolean> removed(DeploymentOrder deployed) {
        Target target = new Target(deployed);
        KubernetesClient client = clients.forPlane(target.plane, deployed.deployment().slot());
        // the Secret's name hashes its values, which a retirement does not resolve: the other objects tell
        return Optional.of(ManifestRenderer.render(deployed, ManifestRenderer.SecretForm.UNRESOLVED, false).objects()
                .stream().filter(object -> !(object instanceof Secret))
                .allMatch(object -> get(client, target, object, object.getKind() + " " + object.getMetadata().getName())
                        == null));
    }

    private HasMetadata get(KubernetesClient client, Target target, HasMetadata object, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resource(object).inNamespace(target.namespace).get();
            } catch (KubernetesClientException e) {
                KubernetesFailure failure = KubernetesFailure.of(e, target.plane, target.environment, what);
                if (!failure.transientError() || attempt >= attempts) {
                    throw new DataPlaneUnreachableException(failure.message(), e);
                }
                pause(attempt);
            }
        }
    }

    /** An object's spec, data and the like: what a change to it is about, without metadata and status. */
    private static JsonNode content(HasMetadata object) {
        ObjectNode node = SERIALIZATION.convertValue(object, ObjectNode.class);
        node.remove("metadata");
        node.remove("status");
        // the API server fills defaults that the rendered objects leave out: compare what both say
        return node;
    }

    /** An object's content with the hash of its Secret's name left out: the preview's differs from the deployed. */
    private static String withoutSecretHashes(JsonNode content) {
        return ManifestRenderer.SECRET_NAME.matcher(content.toString()).replaceAll("$1-secrets");
    }

    private static String describeImageChange(HasMetadata live, HasMetadata after) {
        List<String> before = images(live);
        List<String> now = images(after);
        return before.equals(now) || before.isEmpty() ? "" : ": image " + String.join(", ", before) + " -> "
                + String.join(", ", now);
    }

    private static List<String> images(HasMetadata object) {
        return templateOf(object).map(t -> t.getSpec().getContainers().stream().map(Container::getImage).toList())
                .orElse(List.of());
    }

    /** The ConfigMaps and Secrets the pod template takes variables and files from. */
    private static List<String> configurationReferences(HasMetadata object) {
        List<String> names = new ArrayList<>();
        templateOf(object).ifPresent(template -> {
            template.getSpec().getContainers().forEach(container -> {
                if (container.getEnvFrom() != null) {
                    container.getEnvFrom().forEach(source -> {
                        if (source.getConfigMapRef() != null) {
                            names.add("ConfigMap " + source.getConfigMapRef().getName());
                        }
                        if (source.getSecretRef() != null) {
                            names.add("Secret " + source.getSecretRef().getName());
                        }
                    });
                }
            });
            if (template.getSpec().getVolumes() != null) {
                template.getSpec().getVolumes().stream().filter(v -> v.getConfigMap() != null)
                        .forEach(v -> names.add("ConfigMap " + v.getConfigMap().getName()));
            }
        });
        return names.stream().sorted().distinct().toList();
    }

    private static Optional<PodTemplateSpec> templateOf(HasMetadata object) {
        PodTemplateSpec template = null;
        if (object instanceof io.fabric8.kubernetes.api.model.apps.Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        } else if (object instanceof StatefulSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (object instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        }
        return template == null || template.getSpec() == null ? Optional.empty() : Optional.of(template);
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(backoff.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while retrying");
        }
    }

    /** Where one order goes. */
    private static final class Target {
        final DeploymentOrder order;
        final KubernetesDataPlane plane;
        final String namespace;
        final String environment;

        Target(DeploymentOrder order) {
            this.order = order;
            this.plane = (KubernetesDataPlane) order.dataPlane();
            this.namespace = order.namespace();
            this.environment = order.environment().name();
        }
    }

    /** A deployment step that cannot go on; its message is the user's. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

}
