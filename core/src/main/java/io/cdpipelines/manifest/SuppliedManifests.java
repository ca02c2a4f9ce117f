package io.cdpipelines.manifest;

import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** A release's own Kubernetes manifests: read, checked, and pinned to the release's image by digest. */
public final class SuppliedManifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "RuntimeClass",
            "Node", "CSIDriver", "VolumeSnapshotClass", "ClusterIssuer", "ClusterSecretStore");


    private SuppliedManifests() {
    }

    /**
     * Refuses, when a release is recorded, manifests that every deployment of it would refuse: not Kubernetes
     * objects, an object without a usable kind or name, a cluster-scoped object, or no workload that runs the
     * release's image. Such a release is never stored, so it cannot burn its revision.
     */
    public static void check(Workload workload, ImageReference image) {
        if (workload.generated()) {
            return;
        }
        List<HasMetadata> objects = parse(workload.manifests());
        new RenderedObjects(objects);
        pinImage(objects, image);
    }

    /**
     * Sets the release's image (by digest) on every container that runs its repository, and returns the pod
     * templates of those workloads; refuses cluster-scoped objects and manifests where nothing runs the image.
     */
    static List<PodTemplateSpec> pinImage(List<HasMetadata> objects, ImageReference image) {
        List<PodTemplateSpec> running = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (CLUSTER_SCOPED.contains(object.getKind())) {
                throw new InvalidInputException("manifests", object.getKind() + " " + object.getMetadata().getName()
                        + " is not namespaced: a component's manifests may hold namespaced objects only");
            }
            PodTemplateSpec template = templateOf(object);
            if (template == null) {
                continue;
            }
            boolean runsComponent = false;
            for (Container container : containersOf(template)) {
                if (repositoryOf(container.getImage()).equals(image.repository())) {
                    container.setImage(image.toString());
                    runsComponent = true;
                }
            }
            if (runsComponent) {
                running.add(template);
            }
        }
        if (running.isEmpty()) {
            throw new InvalidInputException("manifests", "no Deployment, StatefulSet or DaemonSet in the manifests "
                    + "runs " + image.repository() + ": the release's image would not be deployed");
        }
        return running;
    }

    /** Reads multi-document YAML into objects; an item without kind or name is bad input. */
    static List<HasMetadata> parse(String manifests) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(manifests);
        } catch (RuntimeException e) {
            throw new InvalidInputException("manifests", "the manifests are not valid Kubernetes YAML: "
                    + firstLine(e.getMessage()));
        }
        List<HasMetadata> objects = new ArrayList<>();
        Collection<?> items = parsed instanceof KubernetesList list ? list.getItems()
                : parsed instanceof Collection<?> collection ? collection : parsed == null ? List.of() : List.of(parsed);
        for (Object item : items) {
            if (!(item instanceof HasMetadata object) || object.getMetadata() == null
                    || object.getMetadata().getName() == null) {
                throw new InvalidInputException("manifests", "every document needs apiVersion, kind and metadata.name");
            }
            objects.add(object);
        }
        return objects;
    }

    private static PodTemplateSpec templateOf(HasMetadata object) {
        if (object instanceof io.fabric8.kubernetes.api.model.apps.Deployment deployment
                && deployment.getSpec() != null) {
            return deployment.getSpec().getTemplate();
        }
        if (object instanceof StatefulSet statefulSet && statefulSet.getSpec() != null) {
            return statefulSet.getSpec().getTemplate();
        }
        if (object instanceof DaemonSet daemonSet && daemonSet.getSpec() != null) {
            return daemonSet.getSpec().getTemplate();
        }
        return null;
    }

    private static List<Container> containersOf(PodTemplateSpec template) {
        List<Container> containers = new ArrayList<>();
        if (template.getSpec() != null) {
            containers.addAll(template.getSpec().getContainers());
            if (template.getSpec().getInitContainers() != null) {
                containers.addAll(template.getSpec().getInitContainers());
            }
        }
        return containers;
    }

    /** {@code registry:5000/team/app:1.2@sha256:...} → {@code registry:5000/team/app}. */
    static String repositoryOf(String image) {
        if (image == null) {
            return "";
        }
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = repository.lastIndexOf(':');
        return colon > repository.lastIndexOf('/') ? repository.substring(0, colon) : repository;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
