package io.cdpipelines.kubernetes;

import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.model.ContentHash;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.SecretReference;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client per data plane, reused across deployments. Access comes from the data plane's credentials through the
 * secret resolver (a token with the API server URL and CA, or a kubeconfig and its context); nothing is read from
 * {@code ~/.kube}. A rotated credential gives a new client.
 */
public final class KubernetesClients implements AutoCloseable {
    private final SecretResolver credentials;
    private final Duration requestTimeout;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** A cluster's client and the informers that watch its rollouts; they live and die together. */
    record Connection(KubernetesClient client, WorkloadInformers informers) implements AutoCloseable {
        @Override
        public void close() {
            informers.close();
            client.close();
        }
    }

    public KubernetesClients(SecretResolver credentials, Duration requestTimeout) {
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
    }

    /** The client for {@code plane}, made on first use with its current credential. */
    public KubernetesClient forPlane(KubernetesDataPlane plane, Slot key) {
        return connect(plane, key).client();
    }

    Connection connect(KubernetesDataPlane plane, Slot key) {
        String secret = credentials.resolve(new SecretReference(plane.usesKubeconfig()
                ? plane.kubeconfigCredentialsId() : plane.credentialsId()), key).text();
        // keyed by the plane's settings and a hash of the credential: the credential itself is never kept as a key
        String cacheKey = plane.name() + "|" + plane + "|" + ContentHash.of(Map.of("credential", secret));
        Connection existing = connections.get(cacheKey);
        if (existing != null) {
            return existing;
        }
        synchronized (connections) {
            // a rotated credential or changed settings: the plane's old connection goes
            connections.keySet().stream().filter(other -> other.startsWith(plane.name() + "|")
                    && !other.equals(cacheKey)).toList().forEach(stale -> connections.remove(stale).close());
            return connections.computeIfAbsent(cacheKey, k -> {
                KubernetesClient client = new KubernetesClientBuilder().withConfig(config(plane, secret)).build();
                return new Connection(client, new WorkloadInformers(client));
            });
        }
    }

    private Config config(KubernetesDataPlane plane, String secret) {
        Config base;
        if (plane.usesKubeconfig()) {
            try {
                String context = plane.context() == null || plane.context().isBlank() ? null : plane.context();
                if (context != null && !contextsOf(secret).contains(context)) {
                    throw new IllegalArgumentException("no such context");
                }
                base = Config.fromKubeconfig(context, secret, null);
            } catch (RuntimeException e) {
                throw new InvalidInputException("kubeconfigCredentialsId", "the kubeconfig of data plane "
                        + plane.name() + " cannot be read" + (plane.context() == null ? ""
                        : " with context " + plane.context()) + ": check credential " + plane.kubeconfigCredentialsId());
            }
        } else {
            ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(plane.serverUrl())
                    .withOauthToken(secret);
            if (plane.caCertificate() != null && !plane.caCertificate().isBlank()) {
                builder.withCaCertData(Base64.getEncoder().encodeToString(
                        plane.caCertificate().getBytes(StandardCharsets.UTF_8)));
            }
            base = builder.build();
        }
        // our own bounded retries decide what is transient; the client's built-in ones would hide the errors
        return new ConfigBuilder(base).withRequestRetryBackoffLimit(0)
                .withRequestTimeout((int) requestTimeout.toMillis())
                .withConnectionTimeout((int) Math.min(requestTimeout.toMillis(), 10_000)).build();
    }

    /** The context names a kubeconfig defines (fabric8 would quietly fall back to the current one). */
    private static java.util.Set<String> contextsOf(String kubeconfig) {
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(kubeconfig);
            java.util.Set<String> names = new java.util.HashSet<>();
            root.path("contexts").forEach(context -> names.add(context.path("name").asText()));
            return names;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not YAML", e);
        }
    }

    @Override
    public void close() {
        connections.values().forEach(Connection::close);
        connections.clear();
    }
}
