package io.cdpipelines.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared informers (a list, then one long-lived watch) on the workloads cd-pipelines manages, one per namespace and
 * kind of one cluster, started by the first rollout that needs it and kept: later rollouts in that namespace open no
 * watch of their own.
 */
final class WorkloadInformers implements AutoCloseable {
    private final KubernetesClient client;
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();

    WorkloadInformers(KubernetesClient client) {
        this.client = client;
    }

    /** The informer that sees {@code workload}'s kind in its namespace, started (and synced) if need be. */
    @SuppressWarnings("unchecked")
    SharedIndexInformer<HasMetadata> forWorkload(HasMetadata workload) {
        String namespace = workload.getMetadata().getNamespace();
        return (SharedIndexInformer<HasMetadata>) informers.computeIfAbsent(workload.getKind() + "/" + namespace,
                key -> start(workload, namespace));
    }

    private SharedIndexInformer<? extends HasMetadata> start(HasMetadata workload, String namespace) {
        if (workload instanceof StatefulSet) {
            return client.apps().statefulSets().inNamespace(namespace)
                    .withLabel(ManifestRenderer.MANAGED_BY, "cd-pipelines").inform();
        }
        if (workload instanceof DaemonSet) {
            return client.apps().daemonSets().inNamespace(namespace)
                    .withLabel(ManifestRenderer.MANAGED_BY, "cd-pipelines").inform();
        }
        return client.apps().deployments().inNamespace(namespace)
                .withLabel(ManifestRenderer.MANAGED_BY, "cd-pipelines").inform();
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}
