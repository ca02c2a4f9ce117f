package io.cdpipelines.testing;

import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;

import java.time.Instant;
import java.util.Map;

/** Deployment orders as the engine hands them to drivers, for the drivers' own tests. */
public final class Orders {

    private Orders() {
    }

    public static DeploymentOrder order(long id, int imageSeed, Workload workload, Configuration configuration,
                                        Map<String, SecretValue> secrets) {
        Deployment deployment = new Deployment(id, new Slot("team-a/shop", "cart", "staging"), "fleet",
                "standard", "dev", "commit-" + imageSeed, Organizations.image(imageSeed), DeploymentKind.PROMOTION,
                null, ConfigurationSnapshot.of(configuration), DeploymentResult.IN_PROGRESS, Trigger.MANUAL, "dana",
                null, "job/cart/7", Instant.parse("2026-11-27T10:00:00Z"), null, "");
        Environment staging = Organizations.environment("staging", "fleet");
        return new DeploymentOrder(deployment, workload,
                new GitOpsDataPlane("fleet", "/srv/fleet", "main", "clusters", null), staging, "shop-staging",
                configuration, secrets);
    }
}
