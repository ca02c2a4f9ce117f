package io.cdpipelines.manifest;

import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ContentHash;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Workload;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renders one deployment as Kubernetes objects, the same for a cluster (applied) and for a GitOps repository
 * (committed): configuration as immutable ConfigMaps and Secrets named by a hash of their content and wired into the
 * component's containers, the component's own manifests or a generated Deployment (and Service), every container of
 * the component's repository pinned to the release digest, and labels and annotations that name project, component,
 * environment, pipeline, revision, digest and deployment.
 */
public final class ManifestRenderer {
    public static final String PREFIX = "cd-pipelines.io/";
    public static final String PROJECT = PREFIX + "project";
    public static final String COMPONENT = PREFIX + "component";
    public static final String ENVIRONMENT = PREFIX + "environment";
    public static final String PIPELINE = PREFIX + "pipeline";
    public static final String DEPLOYMENT = PREFIX + "deployment";
    public static final String REVISION = PREFIX + "revision";
    public static final String DIGEST = PREFIX + "digest";
    public static final String PROJECT_PATH = PREFIX + "project-path";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final int HASH_LENGTH = 10;
    private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9-]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final Pattern NOT_LABEL = Pattern.compile("[^A-Za-z0-9_.-]+");
    private static final Pattern LABEL_EDGES = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");
    private static final Pattern LABEL_TAIL = Pattern.compile("[^A-Za-z0-9]+$");
    /** How secrets become objects: as a Secret holding the values, or as references an operator resolves. */
    public enum SecretForm {
        /** A Secret with the values, for a cluster the driver applies to directly. */
        VALUES,
        /** An external-secrets.io ExternalSecret naming each credential, for Git, which must never hold values. */
        EXTERNAL_REFERENCES,
        /**
         * A Secret with its keys and no values, named by the references only: for a preview, which must never need a
         * secret's value. Its name differs from the deployed one (that hashes the values too); see
         * {@link #SECRET_NAME}.
         */
        UNRESOLVED
    }

    /** The name of a component's Secret or ExternalSecret, whatever its hash: {@code cart-secrets-1a2b3c4d5e}. */
    public static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile(
            "\\b([a-z0-9][a-z0-9-]*)-secrets-[0-9a-z]{" + HASH_LENGTH + "}\\b");

    private ManifestRenderer() {
    }

    /**
     * Renders {@code order}. With {@code stampDeployment} every object carries the deployment number; without it the
     * objects depend only on what runs (so an unchanged redeploy renders identical files).
     */
    public static RenderedObjects render(DeploymentOrder order, SecretForm secretForm, boolean stampDeployment) {
        Deployment deployment = order.deployment();
        String component = objectName(deployment.slot().component());
        Map<String, String> labels = labels(order, stampDeployment);
        Map<String, String> annotations = annotations(deployment);
        Configuration configuration = order.configuration();

        List<HasMetadata> objects = new ArrayList<>();
        Optional<String> variables = Optional.empty();
        if (!configuration.variables().isEmpty()) {
            String name = component + "-env-" + ContentHash.shortOf(configuration.variables(), HASH_LENGTH);
            objects.add(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                    .withImmutable(true).withData(new TreeMap<>(configuration.variables())).build());
            variables = Optional.of(name);
        }
        Map<String, String> fileKeys = fileKeys(configuration.files().keySet());
        Optional<String> files = Optional.empty();
        if (!configuration.files().isEmpty()) {
            Map<String, String> data = new TreeMap<>();
            configuration.files().forEach((path, content) -> data.put(fileKeys.get(path), content));
            String name = component + "-files-" + ContentHash.shortOf(configuration.files(), HASH_LENGTH);
            objects.add(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                    .withImmutable(true).withData(data).build());
            files = Optional.of(name);
        }
        Optional<String> secrets = Optional.empty();
        if (!configuration.secrets().isEmpty()) {
            HasMetadata secret = switch (secretForm) {
                case VALUES -> secretWithValues(component, order);
                case EXTERNAL_REFERENCES -> externalSecret(component, order);
                case UNRESOLVED -> unresolvedSecret(component, order);
            };
            objects.add(secret);
            secrets = Optional.of(secret.getMetadata().getName());
        }
        ConfigurationWiring wiring = new ConfigurationWiring(variables, secrets, files, fileKeys);
        objects.addAll(order.workload().generated()
                ? generatedWorkload(component, order, wiring)
                : suppliedWorkload(order, wiring));

        for (HasMetadata object : objects) {
            ObjectMeta metadata = object.getMetadata();
            metadata.setNamespace(order.namespace());
            metadata.setLabels(merged(metadata.getLabels(), labels));
            metadata.setAnnotations(merged(metadata.getAnnotations(), annotations));
        }
        objects.sort(Comparator.comparingInt(ManifestRenderer::applyOrder)
                .thenComparing(o -> o.getKind() + "/" + o.getMetadata().getName()));
        return new RenderedObjects(objects);
    }

    /** A name fit for a Kubernetes object: lower-case letters, digits and '-'. */
    public static String objectName(String value) {
        String name = EDGE_DASHES.matcher(NOT_NAME.matcher(value.toLowerCase(Locale.ROOT)).replaceAll("-"))
                .replaceAll("");
        return name.length() > 40 ? EDGE_DASHES.matcher(name.substring(0, 40)).replaceAll("") : name;
    }

    /** A label value: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
    public static String labelValue(String value) {
        String label = LABEL_EDGES.matcher(NOT_LABEL.matcher(value).replaceAll(".")).replaceAll("");
        return label.length() > 63 ? LABEL_TAIL.matcher(label.substring(0, 63)).replaceAll("") : label;
    }

    private static Map<String, String> labels(DeploymentOrder order, boolean stampDeployment) {
        Deployment deployment = order.deployment();
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY, "cd-pipelines");
        labels.put(PROJECT, labelValue(deployment.slot().project()));
        labels.put(COMPONENT, labelValue(deployment.slot().component()));
        labels.put(ENVIRONMENT, deployment.environment());
        if (deployment.pipeline() != null) {
            labels.put(PIPELINE, deployment.pipeline());
        }
        if (stampDeployment) {
            labels.put(DEPLOYMENT, Long.toString(deployment.id()));
        }
        return labels;
    }

    private static Map<String, String> annotations(Deployment deployment) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(PROJECT_PATH, deployment.slot().project());
        annotations.put(REVISION, deployment.revision());
        annotations.put(DIGEST, deployment.image().digest().value());
        return annotations;
    }

    private static HasMetadata secretWithValues(String component, DeploymentOrder order) {
        Map<String, String> data = new TreeMap<>();
        for (String name : order.configuration().secrets().keySet()) {
            SecretValue value = order.secrets().get(name);
            if (value == null) {
                throw new IllegalStateException("secret " + name + " was not resolved for " + order);
            }
            data.put(name, Base64.getEncoder().encodeToString(value.bytes()));
        }
        // the name hashes references and values together, so a rotated value rolls the pods
        Map<String, String> content = new TreeMap<>(data);
        order.configuration().secrets().forEach((name, ref) -> content.put("ref:" + name, ref.credentialsId()));
        String name = component + "-secrets-" + ContentHash.shortOf(content, HASH_LENGTH);
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("Opaque")
                .withImmutable(true).withData(data).build();
    }

    private static HasMetadata unresolvedSecret(String component, DeploymentOrder order) {
        Map<String, String> references = new TreeMap<>();
        order.configuration().secrets().forEach((name, ref) -> references.put(name, ref.credentialsId()));
        Map<String, String> keys = new TreeMap<>();
        references.keySet().forEach(name -> keys.put(name, ""));
        return new SecretBuilder().withNewMetadata().withName(component + "-secrets-"
                + ContentHash.shortOf(references, HASH_LENGTH)).endMetadata().withType("Opaque").withImmutable(true)
                .withData(keys).build();
    }

    private static HasMetadata externalSecret(String component, DeploymentOrder order) {
        Map<String, String> references = new TreeMap<>();
        order.configuration().secrets().forEach((name, ref) -> references.put(name, ref.credentialsId()));
        String name = component + "-secrets-" + ContentHash.shortOf(references, HASH_LENGTH);
        // ordered maps only: the files must come out byte for byte the same in every JVM
        List<Map<String, Object>> data = new ArrayList<>();
        references.forEach((secretKey, credentialsId) -> data.add(ordered("secretKey", secretKey,
                "remoteRef", ordered("key", credentialsId))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("refreshInterval", "1h");
        spec.put("secretStoreRef", ordered("kind", "ClusterSecretStore", "name", "cd-pipelines"));
        spec.put("target", ordered("name", name, "creationPolicy", "Owner"));
        spec.put("data", data);
        return new GenericKubernetesResourceBuilder().withApiVersion("external-secrets.io/v1beta1")
                .withKind("ExternalSecret").withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(ordered("spec", spec)).build();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<HasMetadata> generatedWorkload(String component, DeploymentOrder order, ConfigurationWiring wiring) {
        Workload workload = order.workload();
        Map<String, String> selector = new TreeMap<>(Map.of("app.kubernetes.io/name", component,
                PROJECT, labelValue(order.deployment().slot().project())));
        Container container = new Container();
        container.setName(component);
        container.setImage(order.deployment().image().toString());
        if (workload.port() != null) {
            container.setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                    .withName("http").withContainerPort(workload.port()).build()));
        }
        PodTemplateSpec template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(selector).endMetadata()
                .withNewSpec().withContainers(container).endSpec().build();
        wiring.into(template);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new DeploymentBuilder().withNewMetadata().withName(component).endMetadata()
                .withNewSpec().withReplicas(workload.replicas()).withNewSelector().withMatchLabels(selector)
                .endSelector().withTemplate(template).endSpec().build());
        if (workload.port() != null) {
            objects.add(new ServiceBuilder().withNewMetadata().withName(component).endMetadata()
                    .withNewSpec().withSelector(selector).addNewPort().withName("http").withPort(workload.port())
                    .withNewTargetPort("http").endPort().endSpec().build());
        }
        return objects;
    }

    private static List<HasMetadata> suppliedWorkload(DeploymentOrder order, ConfigurationWiring wiring) {
        List<HasMetadata> objects = SuppliedManifests.parse(order.workload().manifests());
        SuppliedManifests.pinImage(objects, order.deployment().image()).forEach(wiring::into);
        return objects;
    }

    private static Map<String, String> fileKeys(Set<String> paths) {
        Map<String, String> keys = new TreeMap<>();
        Set<String> used = new HashSet<>();
        for (String path : new java.util.TreeSet<>(paths)) {
            String key = path.substring(1).replaceAll("[^-._a-zA-Z0-9]", "_");
            String unique = key;
            for (int i = 2; !used.add(unique); i++) {
                unique = key + "-" + i;
            }
            keys.put(path, unique);
        }
        return keys;
    }

    private static int applyOrder(HasMetadata object) {
        return switch (object.getKind()) {
            case "ConfigMap", "Secret", "ExternalSecret", "ServiceAccount" -> 0;
            case "Service" -> 1;
            case "Deployment", "StatefulSet", "DaemonSet" -> 3;
            default -> 2;
        };
    }

    private static Map<String, String> merged(Map<String, String> own, Map<String, String> ours) {
        Map<String, String> result = new TreeMap<>();
        if (own != null) {
            result.putAll(own);
        }
        result.putAll(ours);
        return result;
    }


}
