package io.cdpipelines.kubernetes;

import io.cdpipelines.manifest.ManifestRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared informers (a list, then one long-lived watch) on the workloads cd-pipelines manages, one per namespace and
 * kind of one cluster, started by the first rollout that needs it and kept: later rollouts in that namespace open no
 * watch of their own. Each informer has one event handler that passes events to the rollouts waiting on that
 * object, so following a rollout costs no more than registering a callback.
 */
final class WorkloadInformers implements AutoCloseable {
    private final KubernetesClient client;
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();

    /** What a waiting rollout is told: the object as it is now, or that it was deleted. */
    interface Follower {
        void changed(HasMetadata object);

        void deleted();
    }

    WorkloadInformers(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Follows {@code workload} until the returned handle is closed; {@code follower} first hears of the object as the
     * informer's cache holds it, if it holds it.
     */
    AutoCloseable follow(HasMetadata workload, Follower follower) {
        String key = key(workload.getKind(), workload.getMetadata().getNamespace(), workload.getMetadata().getName());
        SharedIndexInformer<? extends HasMetadata> informer = informerFor(workload);
        followers.put(key, follower);
        Optional.ofNullable(informer.getStore().getByKey(workload.getMetadata().getNamespace() + "/"
                + workload.getMetadata().getName())).ifPresent(follower::changed);
        return () -> followers.remove(key, follower);
    }

    /** Starts (and syncs) the informer that sees {@code workload}, if it is not running yet. */
    SharedIndexInformer<? extends HasMetadata> informerFor(HasMetadata workload) {
        String namespace = workload.getMetadata().getNamespace();
        return informers.computeIfAbsent(workload.getKind() + "/" + namespace, k -> start(workload, namespace));
    }

    private SharedIndexInformer<? extends HasMetadata> start(HasMetadata workload, String namespace) {
        ResourceEventHandler<HasMetadata> dispatch = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata object) {
                tell(object).ifPresent(f -> f.changed(object));
            }

            @Override
            public void onUpdate(HasMetadata before, HasMetadata object) {
                tell(object).ifPresent(f -> f.changed(object));
            }

            @Override
            public void onDelete(HasMetadata object, boolean finalStateUnknown) {
                tell(object).ifPresent(Follower::deleted);
            }
        };
        if (workload instanceof StatefulSet) {
            return client.apps().statefulSets().inNamespace(namespace)
                    .withLabel(ManifestRenderer.MANAGED_BY, "cd-pipelines").inform(dispatch);
        }
        if (workload instanceof DaemonSet) {
            return client.apps().daemonSets().inNamespace(namespace)
                    .withLabel(ManifestRenderer.MANAGED_BY, "cd-pipelines").inform(dispatch);
        }
        return client.apps().deployments().inNamespace(namespace)
                .withLabel(ManifestRenderer.MANAGED_BY, "cd-pipelines").inform(dispatch);
    }

    private Optional<Follower> tell(HasMetadata object) {
        return Optional.ofNullable(followers.get(key(object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName())));
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
        followers.clear();
    }
}
