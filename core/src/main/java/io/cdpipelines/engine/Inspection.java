package io.cdpipelines.engine;

import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationDiff;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Slot;
import io.cdpipelines.promotion.Gate;
import io.cdpipelines.promotion.PromotionDecision;
import io.cdpipelines.promotion.PromotionGates;
import io.cdpipelines.promotion.PromotionPolicy;
import io.cdpipelines.promotion.PromotionRequest;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What the engine tells without deploying anything: a promotion's preview, and drift from the ledger. */
final class Inspection {
    private final Supplier<Organization> organization;
    private final Ledger ledger;
    private final DataPlanes dataPlanes;
    private final Clock clock;

    Inspection(Supplier<Organization> organization, Ledger ledger, DataPlanes dataPlanes, Clock clock) {
        this.organization = organization;
        this.ledger = ledger;
        this.dataPlanes = dataPlanes;
        this.clock = clock;
    }

    /**
     * What a promotion would do, without doing it: the rules' decision (a refusal throws as the promotion would,
     * but soak and approval, which only time and people pass, are reported as gates still to pass),
     * the digest and configuration changes against what runs there now, and the driver's object-level changes.
     * Nothing is claimed, recorded or resolved.
     */
    Preview preview(PromotionRequest request) {
        Organization current = organization.get();
        PromotionDecision decision = PromotionPolicy.decideBeforeGates(current, request, ledger, clock.instant());
        DeploymentDriver driver = dataPlanes.driverFor(decision.dataPlane(), decision.target());
        Optional<Deployment> running = ledger.stateOf(decision.slot()).current();
        Configuration before = running.map(d -> d.configuration().configuration()).orElse(Configuration.EMPTY);
        Deployment draft = decision.draft(clock.instant());
        List<String> objects = driver.preview(new DeploymentOrder(draft, decision.release().workload(),
                decision.dataPlane(), decision.target(), decision.namespace(), decision.configuration(), Map.of()));
        List<String> gates = PromotionGates.stillToPass(decision, ledger, clock.instant()).stream()
                .map(Gate::words).toList();
        return new Preview(decision, running, ConfigurationDiff.between(before, decision.configuration()), objects,
                gates);
    }

    /**
     * How what runs in an environment differs from the ledger's current deployment there, as the environment's
     * driver sees it; empty when nothing was deployed or the driver cannot tell.
     */
    Optional<List<String>> drift(Slot key) {
        Environment environment = organization.get().requireEnvironment(key.environment());
        var state = ledger.stateOf(key);
        Optional<Deployment> running = state.current();
        DeploymentDriver driver = dataPlanes.driverFor(organization.get().dataPlaneOf(environment), environment);
        if (running.isEmpty()) {
            // nothing is recorded as running: the data plane must hold nothing of the last attempt either (a run
            // killed between its commit or apply and its record leaves exactly that)
            Optional<Deployment> attempt = state.lastAttempt();
            if (attempt.isEmpty()) {
                return Optional.empty();
            }
            return driver.removed(dataPlanes.orderOf(attempt.get(), environment, false)).map(removed -> removed ? List.of()
                    : List.of("the data plane holds deployment #" + attempt.get().id() + ", which the ledger records "
                    + attempt.get().result() + " (" + attempt.get().message() + "): nothing is recorded as running"));
        }
        // a cluster's Secret is named by its values, so checking it needs them, as the deployment did
        return driver.drift(dataPlanes.orderOf(running.get(), environment, driver.needsSecretValues()));
    }
}
