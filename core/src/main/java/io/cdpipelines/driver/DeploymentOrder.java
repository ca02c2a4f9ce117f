package io.cdpipelines.driver;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Workload;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a driver needs for one deployment: the ledger's record (number, image by digest, labels), the release's
 * workload, where it goes, the resolved configuration and the secret values, which exist only here and only for the
 * driver (and are absent when the driver does not need them). {@code recentDeployments} are the earlier
 * successful deployments of the same slot, newest first, whose objects a rollback may still need; {@code timeout}
 * bounds the wait for the rollout, and {@code abort} ends it early when whoever started the deployment stops it.
 */
public record DeploymentOrder(Deployment deployment, Workload workload, DataPlane dataPlane, Environment environment,
                              String namespace, Configuration configuration, Map<String, SecretValue> secrets,
                              List<Deployment> recentDeployments, Duration timeout, AbortSignal abort) {

    public DeploymentOrder {
        secrets = Map.copyOf(secrets);
        recentDeployments = List.copyOf(recentDeployments);
        abort = abort == null ? AbortSignal.none() : abort;
    }

    /** An order nobody can abort. */
    public DeploymentOrder(Deployment deployment, Workload workload, DataPlane dataPlane, Environment environment,
                           String namespace, Configuration configuration, Map<String, SecretValue> secrets,
                           List<Deployment> recentDeployments, Duration timeout) {
        this(deployment, workload, dataPlane, environment, namespace, configuration, secrets, recentDeployments,
                timeout, AbortSignal.none());
    }

    /** An order with no earlier deployments to keep and a ten-minute rollout timeout. */
    public DeploymentOrder(Deployment deployment, Workload workload, DataPlane dataPlane, Environment environment,
                           String namespace, Configuration configuration, Map<String, SecretValue> secrets) {
        this(deployment, workload, dataPlane, environment, namespace, configuration, secrets, List.of(),
                Duration.ofMinutes(10));
    }

    @Override
    public String toString() {
        return "deployment #" + deployment.id() + " of " + deployment.slot() + " (" + deployment.image() + ")";
    }
}
