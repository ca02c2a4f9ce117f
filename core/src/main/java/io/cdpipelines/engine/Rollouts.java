package io.cdpipelines.engine;

import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.SlotClaim;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.SlotState;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.PromotionPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deployments under a claim of their slot: each is started, deployed and recorded whatever its outcome, and what ran
 * before is restored after a failed rollout, or after one whose process died (abandoned) when the data plane no
 * longer holds what the ledger says runs there.
 */
final class Rollouts {
    /** How many earlier successful deployments per slot keep their objects for a rollback. */
    private static final int RETAINED = 5;

    private final Supplier<Organization> organization;
    private final Ledger ledger;
    private final DataPlanes dataPlanes;
    private final Clock clock;
    private final Duration slotWait;
    private final Duration rolloutTimeout;

    Rollouts(Supplier<Organization> organization, Ledger ledger, DataPlanes dataPlanes, Clock clock,
             Duration slotWait, Duration rolloutTimeout) {
        this.organization = organization;
        this.ledger = ledger;
        this.dataPlanes = dataPlanes;
        this.clock = clock;
        this.slotWait = slotWait;
        this.rolloutTimeout = rolloutTimeout;
    }

    /**
     * Takes the slot of {@code key}. When the ledger found the slot's last deployment abandoned (its process died
     * between changing the data plane and recording the outcome), the data plane may hold what the ledger records
     * as failed: it is treated as the failed rollout it is, and the deployment that runs by the ledger is restored
     * when the data plane differs from it, before anything else happens under the claim. So data plane and ledger
     * agree again even when what follows is refused.
     */
    SlotClaim claim(Slot key, String requestedBy, DeploymentLog log, AbortSignal abort) {
        return claim(key, requestedBy, log, abort, slotWait);
    }

    /** As {@link #claim(Slot, String, DeploymentLog, AbortSignal)}, waiting at most {@code wait} for the slot. */
    SlotClaim claim(Slot key, String requestedBy, DeploymentLog log, AbortSignal abort, Duration wait) {
        SlotClaim claim = ledger.claim(key, requestedBy, wait);
        try {
            restoreAfterAbandoned(claim, log, abort);
            return claim;
        } catch (RuntimeException | Error e) {
            claim.close();
            throw e;
        }
    }

    /** See {@link CdEngine#restoreAbandoned}. */
    java.util.List<Slot> restoreAbandoned(DeploymentLog log) {
        java.util.List<Slot> restored = new java.util.ArrayList<>();
        for (Deployment underWay : ledger.deploymentsUnderWay()) {
            if (!underWay.buildReference().isEmpty() || restored.contains(underWay.slot())) {
                continue;
            }
            try (SlotClaim claim = claim(underWay.slot(), "cd-pipelines", log, AbortSignal.none(), Duration.ZERO)) {
                restored.add(claim.slot());
            } catch (io.cdpipelines.ledger.SlotBusyException stillHeld) {
                // its process runs: it finishes the deployment itself
            }
        }
        return restored;
    }

    Rollout run(SlotClaim claim, DeploymentDriver driver, Deployment draft, Workload workload,
                           Environment environment, DataPlane dataPlane, String namespace, Configuration configuration,
                           DeploymentLog log, AbortSignal abort) {
        if (abort.raised()) {
            throw new DeploymentAbortedException(draft.slot(), abort.reason().orElseThrow());
        }
        return proceed(claim, driver, ledger.startDeployment(claim, draft), workload, environment, dataPlane,
                namespace, configuration, log, abort);
    }

    /**
     * Deploys a deployment the ledger has started, records how it ended, and restores after a failed rollout, unless
     * the wait was aborted: then the objects are applied and the rollout goes on in the cluster, and whoever
     * aborted decides what comes next (a rollback restores the deployment before). A suspended wait records
     * nothing: the deployment stays under way, for {@link CdEngine#resume} after the host restarts.
     */
    Rollout proceed(SlotClaim claim, DeploymentDriver driver, Deployment started, Workload workload,
                               Environment environment, DataPlane dataPlane, String namespace,
                               Configuration configuration, DeploymentLog log, AbortSignal abort) {
        Optional<Deployment> previous = ledger.stateOf(started.slot()).current();
        List<Deployment> retained = ledger.history(started.slot(), RETAINED * 4).stream().filter(Deployment::ran)
                .limit(RETAINED).toList();
        Map<String, SecretValue> values = new LinkedHashMap<>();
        SecretMask mask = new SecretMask(List.of());
        DeploymentOutcome outcome;
        try {
            if (driver.needsSecretValues()) {
                for (Map.Entry<String, SecretReference> secret : configuration.secrets().entrySet()) {
                    values.put(secret.getKey(), dataPlanes.resolve(secret.getKey(), secret.getValue(), started.slot()));
                }
            }
            mask = new SecretMask(values.values());
            outcome = Objects.requireNonNull(driver.deploy(new DeploymentOrder(started, workload, dataPlane,
                    environment, namespace, configuration, values, retained, rolloutTimeout, abort), mask.over(log)),
                    "the driver reported no outcome");
        } catch (RuntimeException e) {
            outcome = DeploymentOutcome.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (StackOverflowError | OutOfMemoryError | LinkageError e) {
            // no throwable leaves a deployment under way: it is recorded failed, with what happened
            outcome = DeploymentOutcome.failed("the deployment stopped with " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ": report it with the manifests");
        }
        if (!outcome.succeeded() && abort.suspended()) {
            log.println(environment.name() + ": deployment #" + started.id() + " is left under way ("
                    + abort.reason().orElseThrow() + ") and will be resumed");
            throw new DeploymentSuspendedException(started, abort.reason().orElseThrow());
        }
        boolean aborted = !outcome.succeeded() && abort.raised();
        String message = mask.apply(aborted ? "aborted (" + abort.reason().orElseThrow() + "): " + outcome.message()
                : outcome.message());
        Deployment finished = ledger.finishDeployment(claim, started.id(),
                outcome.succeeded() ? DeploymentResult.SUCCEEDED : DeploymentResult.FAILED, message, clock.instant());
        log.println(environment.name() + ": deployment #" + finished.id() + " of " + started.slot().component() + " "
                + (finished.succeeded() ? "succeeded" : "failed") + (message.isEmpty() ? "" : ": " + message));
        if (aborted && outcome.changedDataPlane()) {
            log.println(environment.name() + ": the rollout of deployment #" + finished.id() + " may go on in the "
                    + "cluster; nothing is restored after an abort (a rollback restores the deployment before)");
        } else if (!finished.succeeded() && outcome.changedDataPlane()
                && started.kind() == DeploymentKind.PROMOTION) {
            return new Rollout(finished, restoreAfterFailure(claim, driver, finished, previous, environment, dataPlane,
                    namespace, log, abort));
        }
        return new Rollout(finished, Optional.empty());
    }

    private void restoreAfterAbandoned(SlotClaim claim, DeploymentLog log, AbortSignal abort) {
        SlotState state = ledger.stateOf(claim.slot());
        Optional<Deployment> abandoned = state.lastAttempt().filter(Deployment::abandoned);
        Optional<Environment> environment = organization.get().environment(claim.slot().environment());
        if (abandoned.isEmpty() || environment.isEmpty()) {
            return;
        }
        DataPlane dataPlane = organization.get().dataPlaneOf(environment.get());
        Optional<Deployment> running = state.current();
        if (running.isEmpty() || !running.get().dataPlane().equals(dataPlane.name())) {
            // nothing to restore (drift reports what the abandoned one left), or the rules refuse the moved plane
            return;
        }
        DeploymentDriver driver = dataPlanes.driverFor(dataPlane, environment.get());
        Optional<List<String>> differences = driver.drift(dataPlanes.orderOf(running.get(), environment.get(),
                driver.needsSecretValues()));
        if (differences.isPresent() && differences.get().isEmpty()) {
            log.println(claim.slot().environment() + ": deployment #" + abandoned.get().id() + " was abandoned; the "
                    + "data plane still holds deployment #" + running.get().id() + ", so nothing is restored");
            return;
        }
        restoreAfterFailure(claim, driver, abandoned.get(), running, environment.get(), dataPlane,
                PromotionPolicy.namespaceFor(environment.get(), dataPlane, claim.slot().project(),
                        claim.slot().component()), log, abort);
    }

    /**
     * A failed rollout may have left the environment half changed: unless the environment turns it off, the
     * deployment that ran before is applied again, under the same claim, and recorded as an automatic rollback
     * (which, unlike a person's rollback, does not hold back later automatic promotions).
     */
    private Optional<Deployment> restoreAfterFailure(SlotClaim claim, DeploymentDriver driver, Deployment failed,
                                                     Optional<Deployment> previous, Environment environment,
                                                     DataPlane dataPlane, String namespace, DeploymentLog log,
                                                     AbortSignal abort) {
        if (previous.isEmpty()) {
            log.println(environment.name() + ": nothing ran before deployment #" + failed.id() + ", so nothing to restore");
            return Optional.empty();
        }
        if (!environment.rollbackOnFailure()) {
            log.println(environment.name() + ": rollbackOnFailure is off, so deployment #" + previous.get().id()
                    + " is not restored; the environment may be half changed");
            return Optional.empty();
        }
        Deployment restored = previous.get();
        log.println(environment.name() + ": restoring deployment #" + restored.id() + " ("
                + restored.image().digest().shortForm() + ") because deployment #" + failed.id()
                + (failed.abandoned() ? " was abandoned" : " failed"));
        Deployment draft = restored.restoredBy(failed.slot(), dataPlane.name(), Trigger.AUTOMATIC,
                failed.requestedBy(), failed.buildReference(), clock.instant());
        try {
            return Optional.of(run(claim, driver, draft, dataPlanes.workloadOf(restored), environment, dataPlane,
                    namespace, restored.configuration().configuration(), log, abort).deployment());
        } catch (DeploymentAbortedException e) {
            log.println(environment.name() + ": deployment #" + restored.id() + " is not restored: " + e.getMessage());
            return Optional.empty();
        }
    }
}
