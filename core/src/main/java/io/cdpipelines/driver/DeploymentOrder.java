package io.cdpipelines.driver;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Workload;

import java.util.Map;

/**
 * Everything a driver needs for one deployment: the ledger's record (number, image by digest, labels), the release's
 * workload, where it goes, the resolved configuration and the secret values, which exist only here and only for the
 * driver (and are absent when the driver does not need them).
 */
public record DeploymentOrder(Deployment deployment, Workload workload, DataPlane dataPlane, Environment environment,
                              String namespace, Configuration configuration, Map<String, SecretValue> secrets) {

    public DeploymentOrder {
        secrets = Map.copyOf(secrets);
    }

    @Override
    public String toString() {
        return "deployment #" + deployment.id() + " of " + deployment.key() + " (" + deployment.image() + ")";
    }
}
