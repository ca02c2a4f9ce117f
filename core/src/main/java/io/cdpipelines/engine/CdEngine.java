package io.cdpipelines.engine;

import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.manifest.SuppliedManifests;
import io.cdpipelines.ledger.SlotClaim;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationDiff;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Names;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.EnvironmentRemoval;
import io.cdpipelines.model.SlotState;
import io.cdpipelines.promotion.PromotionDecision;
import io.cdpipelines.promotion.PromotionPolicy;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.promotion.RollbackPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine: records releases, and promotes and rolls back through the rules, the drivers and the ledger. A
 * promotion takes the environment's slot first, decides on fresh state, resolves secrets only once every rule has
 * passed, deploys, and records the outcome whatever it is.
 */
public final class CdEngine {
    private static final int ROLLBACK_HISTORY = 500;
    /** How many earlier successful deployments per slot keep their objects for a rollback. */
    private static final int RETAINED = 5;

    private final AtomicReference<Organization> organization;
    private final Ledger ledger;
    private final List<DeploymentDriver> drivers;
    private final SecretResolver secrets;
    private final Clock clock;
    private final Duration slotWait;
    private final Duration rolloutTimeout;

    private CdEngine(Organization organization, Ledger ledger, List<DeploymentDriver> drivers,
                     SecretResolver secrets, Clock clock, Duration slotWait, Duration rolloutTimeout) {
        this.organization = new AtomicReference<>(organization);
        this.ledger = ledger;
        this.drivers = List.copyOf(drivers);
        this.secrets = secrets;
        this.clock = clock;
        this.slotWait = slotWait;
        this.rolloutTimeout = rolloutTimeout;
    }

    public static Builder builder(Organization organization, Ledger ledger) {
        return new Builder(organization, ledger);
    }

    public Organization organization() {
        return organization.get();
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * Replaces the organization (a reload of the YAML, a save of the Jenkins form), keeping the removal rules and the
     * rule that an environment stays on the data plane it was deployed to.
     */
    public Organization reconfigure(OrganizationSpec next) {
        return organization.updateAndGet(current -> {
            Organization changed = current.change(next);
            changed.environments().forEach(environment -> PromotionPolicy.checkDataPlaneUnchanged(environment, ledger));
            EnvironmentRemoval.check(changed, ledger.board(Optional.empty()));
            return changed;
        });
    }

    /** Records an image built once for a revision; the same again is a no-op, another digest is refused. */
    public Release recordRelease(String project, String component, String revision, ImageReference image,
                                 String buildReference, String recordedBy) {
        return recordRelease(project, component, revision, image, Workload.GENERATED, buildReference, recordedBy);
    }

    /** Records an image and the workload that runs it (its manifests, or port and replicas to generate them). */
    public Release recordRelease(String project, String component, String revision, ImageReference image,
                                 Workload workload, String buildReference, String recordedBy) {
        // a new release meets today's naming rules; the constructors also load what earlier versions recorded
        Names.require("component", component, Names.componentProblem(component));
        ImageReference.repositoryProblem(image.repository()).ifPresent(message -> {
            throw new InvalidInputException("image", message);
        });
        Release release = new Release(project, component, revision, image, workload, buildReference, clock.instant(),
                recordedBy);
        // checked now, not at the first deployment: a release every deployment would refuse is never stored
        SuppliedManifests.check(release.workload(), release.image());
        return ledger.recordRelease(release);
    }

    /** Promotes to one environment. Refusals throw; a deployment that ran returns, succeeded or failed. */
    public Deployment promote(PromotionRequest request, DeploymentLog log) {
        return promote(request, log, AbortSignal.none());
    }

    /**
     * Promotes to one environment; raising {@code abort} stops the wait for the rollout (the deployment is recorded
     * as failed, aborted, and nothing is restored) or, before the deployment starts, keeps it from starting.
     */
    public Deployment promote(PromotionRequest request, DeploymentLog log, AbortSignal abort) {
        Environment target = organization().requireEnvironment(request.target());
        Slot key = new Slot(request.project(), request.component(), target.name());
        try (SlotClaim claim = claim(key, request.requestedBy(), log, abort)) {
            Organization current = organization();
            PromotionDecision decision = PromotionPolicy.decide(current, request, ledger, clock.instant());
            DeploymentDriver driver = driverFor(decision.dataPlane(), target);
            Deployment draft = new Deployment(0, key, decision.dataPlane().name(), decision.pipeline(),
                    decision.source().orElse(null), decision.release().revision(), decision.release().image(),
                    DeploymentKind.PROMOTION, null, ConfigurationSnapshot.of(decision.configuration()),
                    DeploymentResult.IN_PROGRESS, request.trigger(), request.requestedBy(),
                    decision.approvedBy().orElse(null), request.buildReference(), clock.instant(), null, "");
            return run(claim, driver, draft, decision.release().workload(), decision.target(), decision.dataPlane(),
                    decision.namespace(), decision.configuration(), log, abort);
        }
    }

    /**
     * Promotes to several environments at once (fan-out); each target is decided, deployed and recorded on its own,
     * and a refusal of one does not stop the others.
     */
    public List<PromotionResult> promoteAll(PromotionRequest request, List<String> targets, DeploymentLog log) {
        return promoteAll(request, targets, log, AbortSignal.none());
    }

    /** Fans out as {@link #promoteAll(PromotionRequest, List, DeploymentLog)}; {@code abort} stops every target. */
    public List<PromotionResult> promoteAll(PromotionRequest request, List<String> targets, DeploymentLog log,
                                            AbortSignal abort) {
        Set<String> named = new HashSet<>();
        for (String target : targets) {
            if (!named.add(target)) {
                // two claims of one slot in one fan-out would wait on each other: say so before anything runs
                throw new InvalidInputException("to", "\"" + Names.escapeControls(target) + "\" is given twice: a "
                        + "fan-out names each environment once");
            }
        }
        // a thread per target: each mostly waits on its cluster, so they must not queue behind each other
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, targets.size()));
        try {
            List<CompletableFuture<PromotionResult>> running = new ArrayList<>();
            for (String target : targets) {
                running.add(CompletableFuture.supplyAsync(() -> PromotionResult.deployed(target,
                        promote(request.to(target), log, abort)), pool));
            }
            List<PromotionResult> results = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                try {
                    results.add(running.get(i).join());
                } catch (CompletionException e) {
                    if (!(e.getCause() instanceof RuntimeException refusal)) {
                        throw e;
                    }
                    results.add(PromotionResult.refused(targets.get(i), refusal));
                }
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Restores an earlier successful deployment of the same environment, image and configuration together: the one
     * before the current, or deployment {@code number}.
     */
    public Deployment rollback(Slot key, Optional<Long> number, String requestedBy, DeploymentLog log) {
        return rollback(key, number, requestedBy, "", log, AbortSignal.none());
    }

    /**
     * Rolls back as {@link #rollback(Slot, Optional, String, DeploymentLog)}, for the build at
     * {@code buildReference} (which finds the rollback again after a restart), abortable.
     */
    public Deployment rollback(Slot key, Optional<Long> number, String requestedBy, String buildReference,
                               DeploymentLog log, AbortSignal abort) {
        Names.require("requestedBy", requestedBy, Names.recordedTextProblem(requestedBy));
        Names.require("buildReference", buildReference, Names.recordedTextProblem(buildReference));
        Environment environment = organization().requireEnvironment(key.environment());
        try (SlotClaim claim = claim(key, requestedBy, log, abort)) {
            Deployment restored = RollbackPolicy.choose(key, ledger.history(key, ROLLBACK_HISTORY), number);
            Organization current = organization();
            PromotionPolicy.checkDataPlaneUnchanged(environment, ledger);
            DataPlane dataPlane = current.dataPlaneOf(environment);
            DeploymentDriver driver = driverFor(dataPlane, environment);
            Deployment draft = new Deployment(0, key, dataPlane.name(), restored.pipeline(),
                    null, restored.revision(), restored.image(), DeploymentKind.ROLLBACK, restored.id(),
                    restored.configuration(), DeploymentResult.IN_PROGRESS, Trigger.MANUAL, requestedBy, null,
                    buildReference == null ? "" : buildReference, clock.instant(), null, "");
            log.println(key.environment() + ": rolling " + key.component() + " back to deployment #" + restored.id()
                    + " (" + restored.image().digest().shortForm() + ")");
            return run(claim, driver, draft, workloadOf(restored), environment, dataPlane,
                    PromotionPolicy.namespaceFor(environment, dataPlane, key.project(), key.component()),
                    restored.configuration().configuration(), log, abort);
        }
    }

    private Deployment run(SlotClaim claim, DeploymentDriver driver, Deployment draft, Workload workload,
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
     * nothing: the deployment stays under way, for {@link #resume} after the host restarts.
     */
    private Deployment proceed(SlotClaim claim, DeploymentDriver driver, Deployment started, Workload workload,
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
                    values.put(secret.getKey(), resolve(secret.getKey(), secret.getValue(), started.slot()));
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
            restoreAfterFailure(claim, driver, finished, previous, environment, dataPlane, namespace, log, abort);
        }
        return finished;
    }

    /**
     * Takes the slot of {@code key}. When the ledger found the slot's last deployment abandoned (its process died
     * between changing the data plane and recording the outcome), the data plane may hold what the ledger records
     * as failed: it is treated as the failed rollout it is, and the deployment that runs by the ledger is restored
     * when the data plane differs from it, before anything else happens under the claim. So data plane and ledger
     * agree again even when what follows is refused.
     */
    private SlotClaim claim(Slot key, String requestedBy, DeploymentLog log, AbortSignal abort) {
        SlotClaim claim = ledger.claim(key, requestedBy, slotWait);
        try {
            restoreAfterAbandoned(claim, log, abort);
            return claim;
        } catch (RuntimeException | Error e) {
            claim.close();
            throw e;
        }
    }

    private void restoreAfterAbandoned(SlotClaim claim, DeploymentLog log, AbortSignal abort) {
        SlotState state = ledger.stateOf(claim.slot());
        Optional<Deployment> abandoned = state.lastAttempt().filter(Deployment::abandoned);
        Optional<Environment> environment = organization().environment(claim.slot().environment());
        if (abandoned.isEmpty() || environment.isEmpty()) {
            return;
        }
        DataPlane dataPlane = organization().dataPlaneOf(environment.get());
        Optional<Deployment> running = state.current();
        if (running.isEmpty() || !running.get().dataPlane().equals(dataPlane.name())) {
            // nothing to restore (drift reports what the abandoned one left), or the rules refuse the moved plane
            return;
        }
        DeploymentDriver driver = driverFor(dataPlane, environment.get());
        Optional<List<String>> differences = driver.drift(orderOf(running.get(), environment.get(),
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
    private void restoreAfterFailure(SlotClaim claim, DeploymentDriver driver, Deployment failed,
                                     Optional<Deployment> previous, Environment environment, DataPlane dataPlane,
                                     String namespace, DeploymentLog log, AbortSignal abort) {
        if (previous.isEmpty()) {
            log.println(environment.name() + ": nothing ran before deployment #" + failed.id() + ", so nothing to restore");
            return;
        }
        if (!environment.rollbackOnFailure()) {
            log.println(environment.name() + ": rollbackOnFailure is off, so deployment #" + previous.get().id()
                    + " is not restored; the environment may be half changed");
            return;
        }
        Deployment restored = previous.get();
        log.println(environment.name() + ": restoring deployment #" + restored.id() + " ("
                + restored.image().digest().shortForm() + ") because deployment #" + failed.id()
                + (failed.abandoned() ? " was abandoned" : " failed"));
        Deployment draft = new Deployment(0, failed.slot(), dataPlane.name(), restored.pipeline(), null,
                restored.revision(), restored.image(), DeploymentKind.ROLLBACK, restored.id(),
                restored.configuration(), DeploymentResult.IN_PROGRESS, Trigger.AUTOMATIC, failed.requestedBy(), null,
                failed.buildReference(), clock.instant(), null, "");
        try {
            run(claim, driver, draft, workloadOf(restored), environment, dataPlane, namespace,
                    restored.configuration().configuration(), log, abort);
        } catch (DeploymentAbortedException e) {
            log.println(environment.name() + ": deployment #" + restored.id() + " is not restored: " + e.getMessage());
        }
    }

    /**
     * Takes up a deployment that a process which has since ended (a restarted Jenkins) started and never finished:
     * the slot is taken over, the same objects are applied again (applying is idempotent) and the rollout awaited,
     * and the same deployment record is finished. A deployment already finished is returned as it is.
     */
    public Deployment resume(long deploymentId, DeploymentLog log) {
        return resume(deploymentId, log, AbortSignal.none());
    }

    /** Resumes as {@link #resume(long, DeploymentLog)}; {@code abort} stops the wait for the rollout. */
    public Deployment resume(long deploymentId, DeploymentLog log, AbortSignal abort) {
        Deployment started = ledger.deployment(deploymentId).orElseThrow(() -> new InvalidInputException("deployment",
                "no deployment #" + deploymentId + " is recorded"));
        if (started.result().finished()) {
            return started;
        }
        Environment environment = organization().requireEnvironment(started.environment());
        try (SlotClaim claim = ledger.reclaim(started.slot(), deploymentId, started.requestedBy())) {
            DataPlane dataPlane = organization().dataPlaneOf(environment);
            PromotionPolicy.checkDataPlaneUnchanged(environment, ledger);
            log.println(started.environment() + ": resuming deployment #" + deploymentId + " of "
                    + started.slot().component() + " (" + started.image().digest().shortForm() + ")");
            return proceed(claim, driverFor(dataPlane, environment), started, workloadOf(started), environment,
                    dataPlane, PromotionPolicy.namespaceFor(environment, dataPlane, started.slot().project(),
                            started.slot().component()), started.configuration().configuration(), log, abort);
        }
    }

    /**
     * What a promotion would do, without doing it: the rules' decision (a refusal throws as the promotion would,
     * but soak and approval, which only time and people pass, are reported as gates still to pass),
     * the digest and configuration changes against what runs there now, and the driver's object-level changes.
     * Nothing is claimed, recorded or resolved.
     */
    public Preview preview(PromotionRequest request) {
        Organization current = organization();
        PromotionDecision decision = PromotionPolicy.decideBeforeGates(current, request, ledger, clock.instant());
        DeploymentDriver driver = driverFor(decision.dataPlane(), decision.target());
        Optional<Deployment> running = ledger.stateOf(decision.slot()).current();
        Configuration before = running.map(d -> d.configuration().configuration()).orElse(Configuration.EMPTY);
        Deployment draft = new Deployment(0, decision.slot(), decision.dataPlane().name(), decision.pipeline(),
                decision.source().orElse(null), decision.release().revision(), decision.release().image(),
                DeploymentKind.PROMOTION, null, ConfigurationSnapshot.of(decision.configuration()),
                DeploymentResult.IN_PROGRESS, request.trigger(), request.requestedBy(), null, request.buildReference(),
                clock.instant(), null, "");
        List<String> objects = driver.preview(new DeploymentOrder(draft, decision.release().workload(),
                decision.dataPlane(), decision.target(), decision.namespace(), decision.configuration(), Map.of()));
        var protection = decision.target().protection();
        List<String> gates = new ArrayList<>();
        decision.source().ifPresent(source -> {
            java.time.Duration soaked = ledger.stateOf(new Slot(request.project(), request.component(), source))
                    .healthyFor(clock.instant());
            if (soaked.compareTo(protection.minimumSoak()) < 0) {
                gates.add("soak: " + protection.minimumSoak().minus(soaked).toMinutes() + "m more in " + source
                        + " (" + decision.target().name() + " requires " + protection.minimumSoak().toMinutes() + "m)");
            }
        });
        if (protection.approvalRequired()) {
            gates.add("approval by one of " + String.join(", ", new java.util.TreeSet<>(protection.approvers()))
                    + (protection.allowSelfApproval() ? "" : " (not the one who asks)"));
        }
        return new Preview(decision, running, ConfigurationDiff.between(before, decision.configuration()), objects,
                gates);
    }

    /**
     * How what runs in an environment differs from the ledger's current deployment there, as the environment's
     * driver sees it; empty when nothing was deployed or the driver cannot tell.
     */
    public Optional<List<String>> drift(Slot key) {
        Environment environment = organization().requireEnvironment(key.environment());
        var state = ledger.stateOf(key);
        Optional<Deployment> running = state.current();
        DeploymentDriver driver = driverFor(organization().dataPlaneOf(environment), environment);
        if (running.isEmpty()) {
            // nothing is recorded as running: the data plane must hold nothing of the last attempt either (a run
            // killed between its commit or apply and its record leaves exactly that)
            Optional<Deployment> attempt = state.lastAttempt();
            if (attempt.isEmpty()) {
                return Optional.empty();
            }
            return driver.removed(orderOf(attempt.get(), environment, false)).map(removed -> removed ? List.of()
                    : List.of("the data plane holds deployment #" + attempt.get().id() + ", which the ledger records "
                    + attempt.get().result() + " (" + attempt.get().message() + "): nothing is recorded as running"));
        }
        // a cluster's Secret is named by its values, so checking it needs them, as the deployment did
        return driver.drift(orderOf(running.get(), environment, driver.needsSecretValues()));
    }

    /**
     * Retires what runs in one slot after its workload was removed from the data plane: the data plane is checked
     * first (nothing of it may be left), then the retirement is recorded and the slot leaves the board; its history
     * stays. Returns the retirement's record. So an environment can
     * be removed from the configuration once nothing runs there.
     */
    public Deployment retire(Slot key, String requestedBy, DeploymentLog log) {
        Names.require("requestedBy", requestedBy, Names.recordedTextProblem(requestedBy));
        Environment environment = organization().requireEnvironment(key.environment());
        // the plain claim: restoring after an abandoned deployment would put back the workload that was removed
        try (SlotClaim claim = ledger.claim(key, requestedBy, slotWait)) {
            Deployment running = ledger.stateOf(key).current().orElseThrow(() -> new InvalidInputException(
                    "environment", "nothing runs for " + key.project() + "/" + key.component() + " in "
                            + key.environment() + ": there is nothing to retire"));
            DataPlane dataPlane = organization().dataPlaneOf(environment);
            DeploymentDriver driver = driverFor(dataPlane, environment);
            if (!driver.removed(orderOf(running, environment, false)).orElse(false)) {
                throw new RuleViolationException(key.project() + "/" + key.component() + " still runs in "
                        + key.environment() + " (deployment #" + running.id() + " on data plane " + dataPlane.name()
                        + "): remove its workload from the data plane first, then retire it");
            }
            Deployment retirement = ledger.retire(claim, new Deployment(0, key, running.dataPlane(),
                    running.pipeline(), null, running.revision(), running.image(), DeploymentKind.RETIREMENT,
                    running.id(), running.configuration(), DeploymentResult.SUCCEEDED, Trigger.MANUAL, requestedBy,
                    null, "", clock.instant(), null, "deployment #" + running.id() + " retired: its workload was "
                    + "removed from data plane " + dataPlane.name()));
            log.println(key.environment() + ": retired " + key.project() + "/" + key.component() + " (deployment #"
                    + running.id() + ", by " + requestedBy + ") as deployment #" + retirement.id()
                    + "; its history stays");
            return retirement;
        }
    }

    /** The order that made {@code deployment}, with its secrets resolved when {@code withSecrets}. */
    private DeploymentOrder orderOf(Deployment deployment, Environment environment, boolean withSecrets) {
        Slot key = deployment.slot();
        DataPlane dataPlane = organization().dataPlaneOf(environment);
        Configuration configuration = deployment.configuration().configuration();
        Map<String, SecretValue> values = new LinkedHashMap<>();
        if (withSecrets) {
            configuration.secrets().forEach((name, reference) -> values.put(name, resolve(name, reference, key)));
        }
        return new DeploymentOrder(deployment, workloadOf(deployment), dataPlane, environment,
                PromotionPolicy.namespaceFor(environment, dataPlane, key.project(), key.component()), configuration,
                values);
    }

    private Workload workloadOf(Deployment deployment) {
        return ledger.release(deployment.slot().project(), deployment.slot().component(), deployment.revision())
                .map(Release::workload).orElse(Workload.GENERATED);
    }

    private SecretValue resolve(String name, SecretReference reference, Slot key) {
        try {
            return Objects.requireNonNull(secrets.resolve(reference, key), "no value");
        } catch (RuntimeException e) {
            // the resolver's own message names the reference, never a value
            throw new IllegalStateException("secret " + name + " (credential " + reference.credentialsId()
                    + ") could not be resolved: " + e.getMessage(), e);
        }
    }

    private DeploymentDriver driverFor(DataPlane dataPlane, Environment environment) {
        return drivers.stream().filter(d -> d.supports(dataPlane)).findFirst().orElseThrow(() ->
                new RuleViolationException("no driver can deploy to data plane " + dataPlane.name() + " ("
                        + dataPlane.kind() + ") of environment " + environment.name()
                        + ": this installation has none for that kind"));
    }

    /** Current time of the engine, as the rules see it. */
    public Instant now() {
        return clock.instant();
    }

    /** Builds an engine: the organization and the ledger are required; drivers, secrets and clock are optional. */
    public static final class Builder {
        private final Organization organization;
        private final Ledger ledger;
        private final List<DeploymentDriver> drivers = new ArrayList<>();
        private SecretResolver secrets = SecretResolver.NONE;
        private Clock clock = Clock.systemUTC();
        private Duration slotWait = Duration.ofMinutes(10);
        private Duration rolloutTimeout = Duration.ofMinutes(10);

        private Builder(Organization organization, Ledger ledger) {
            this.organization = Objects.requireNonNull(organization);
            this.ledger = Objects.requireNonNull(ledger);
        }

        public Builder driver(DeploymentDriver driver) {
            drivers.add(driver);
            return this;
        }

        public Builder secrets(SecretResolver resolver) {
            this.secrets = resolver;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How long a deployment waits for another one of the same component to the same environment. */
        public Builder slotWait(Duration value) {
            this.slotWait = value;
            return this;
        }

        /** How long a driver waits for a rollout before it counts as failed. */
        public Builder rolloutTimeout(Duration value) {
            this.rolloutTimeout = value;
            return this;
        }

        public CdEngine build() {
            return new CdEngine(organization, ledger, drivers, secrets, clock, slotWait, rolloutTimeout);
        }
    }
}
