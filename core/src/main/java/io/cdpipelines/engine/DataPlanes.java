package io.cdpipelines.engine;

import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.PromotionPolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The data planes as the engine reaches them: the driver for each, and the order (workload, namespace,
 * configuration and, when asked, secret values) that a recorded deployment was made with.
 */
final class DataPlanes {
    private final Supplier<Organization> organization;
    private final Ledger ledger;
    private final List<DeploymentDriver> drivers;
    private final SecretResolver secrets;

    DataPlanes(Supplier<Organization> organization, Ledger ledger, List<DeploymentDriver> drivers,
               SecretResolver secrets) {
        this.organization = organization;
        this.ledger = ledger;
        this.drivers = List.copyOf(drivers);
        this.secrets = secrets;
    }

    /** The order that made {@code deployment}, with its secrets resolved when {@code withSecrets}. */
    DeploymentOrder orderOf(Deployment deployment, Environment environment, boolean withSecrets) {
        Slot key = deployment.slot();
        DataPlane dataPlane = organization.get().dataPlaneOf(environment);
        Configuration configuration = deployment.configuration().configuration();
        Map<String, SecretValue> values = new LinkedHashMap<>();
        if (withSecrets) {
            configuration.secrets().forEach((name, reference) -> values.put(name, resolve(name, reference, key)));
        }
        return new DeploymentOrder(deployment, workloadOf(deployment), dataPlane, environment,
                PromotionPolicy.namespaceFor(environment, dataPlane, key.project(), key.component()), configuration,
                values);
    }

    Workload workloadOf(Deployment deployment) {
        return ledger.release(deployment.slot().project(), deployment.slot().component(), deployment.revision())
                .map(Release::workload).orElse(Workload.GENERATED);
    }

    SecretValue resolve(String name, SecretReference reference, Slot key) {
        try {
            return Objects.requireNonNull(secrets.resolve(reference, key), "no value");
        } catch (RuntimeException e) {
            // the resolver's own message names the reference, never a value
            throw new IllegalStateException("secret " + name + " (credential " + reference.credentialsId()
                    + ") could not be resolved: " + e.getMessage(), e);
        }
    }

    DeploymentDriver driverFor(DataPlane dataPlane, Environment environment) {
        return drivers.stream().filter(d -> d.supports(dataPlane)).findFirst().orElseThrow(() ->
                new RuleViolationException("no driver can deploy to data plane " + dataPlane.name() + " ("
                        + dataPlane.kind() + ") of environment " + environment.name()
                        + ": this installation has none for that kind"));
    }
}
