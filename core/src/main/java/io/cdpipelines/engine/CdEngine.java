package io.cdpipelines.engine;

import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.SlotClaim;
import io.cdpipelines.manifest.SuppliedManifests;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Names;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.EnvironmentRemoval;
import io.cdpipelines.promotion.PromotionDecision;
import io.cdpipelines.promotion.PromotionPolicy;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.promotion.RollbackPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    /** How far back in a slot's history a restarted step looks for its own deployment. */
    private static final int RESUME_HISTORY = 50;

    private final AtomicReference<Organization> organization;
    private final Ledger ledger;
    private final Clock clock;
    private final Duration slotWait;
    private final DataPlanes dataPlanes;
    private final Rollouts rollouts;
    private final Inspection inspection;
    private final Approvals approvals;

    private CdEngine(Organization organization, Ledger ledger, List<DeploymentDriver> drivers,
                     SecretResolver secrets, Clock clock, Duration slotWait, Duration rolloutTimeout) {
        this.organization = new AtomicReference<>(organization);
        this.ledger = ledger;
        this.clock = clock;
        this.slotWait = slotWait;
        this.dataPlanes = new DataPlanes(this.organization::get, ledger, drivers, secrets);
        this.rollouts = new Rollouts(this.organization::get, ledger, dataPlanes, clock, slotWait, rolloutTimeout);
        this.inspection = new Inspection(this.organization::get, ledger, dataPlanes, clock);
        this.approvals = new Approvals(this.organization::get, ledger, clock,
                (request, log) -> promoteOne(request, log, AbortSignal.none()));
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
        return promoteOne(request, log, abort).deployment();
    }

    private Rollout promoteOne(PromotionRequest request, DeploymentLog log, AbortSignal abort) {
        Environment target = organization().requireEnvironment(request.target());
        Slot key = new Slot(request.project(), request.component(), target.name());
        try (SlotClaim claim = rollouts.claim(key, request.requestedBy(), log, abort)) {
            Organization current = organization();
            PromotionDecision decision = PromotionPolicy.decide(current, request, ledger, clock.instant());
            DeploymentDriver driver = dataPlanes.driverFor(decision.dataPlane(), target);
            Deployment draft = decision.draft(clock.instant());
            return rollouts.run(claim, driver, draft, decision.release().workload(), decision.target(),
                    decision.dataPlane(), decision.namespace(), decision.configuration(), log, abort);
        }
    }

    /**
     * Restores the slots that deployments of processes that died left behind (killed mid-rollout, say), as the slot's
     * next claim would: each deployment under way whose holder is gone is recorded abandoned and what the ledger says
     * runs is put back on the data plane. A host that keeps running (the console) calls this every few seconds, so a
     * slot does not wait for its next promotion to be whole again. Deployments a build started are left alone: the
     * build resumes them when its controller restarts. A holder that still runs keeps its slot.
     *
     * @return the slots taken over
     */
    public List<Slot> restoreAbandoned(DeploymentLog log) {
        return rollouts.restoreAbandoned(log);
    }

    /**
     * Asks for approval of a promotion into an environment that requires one: the rules must allow it but for the
     * approval (and the soak, which the promotion checks when it runs); the request names the release the rules
     * chose, and waits in the ledger for a permitted other person.
     */
    public io.cdpipelines.model.ApprovalRequest requestApproval(PromotionRequest request) {
        return approvals.request(request);
    }

    /**
     * Approves, rejects or withdraws (the requester only) a waiting request as {@code user}, in {@code groups},
     * names compared as the host does ({@code matching}; the engine's own: AS_WRITTEN); an approval runs the
     * promotion as the requester asked it, with {@code user} as its approver.
     */
    public ApprovalOutcome decideApproval(long id, io.cdpipelines.model.ApprovalDecision decision, String user,
                                          java.util.Set<String> groups,
                                          io.cdpipelines.promotion.ApproverMatching matching, DeploymentLog log) {
        return approvals.decide(id, decision, user, groups, matching, log);
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
                        promoteOne(request.to(target), log, abort)), pool));
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
        try (SlotClaim claim = rollouts.claim(key, requestedBy, log, abort)) {
            Deployment restored = RollbackPolicy.choose(key, ledger.history(key, ROLLBACK_HISTORY), number);
            Organization current = organization();
            PromotionPolicy.checkDataPlaneUnchanged(environment, ledger);
            DataPlane dataPlane = current.dataPlaneOf(environment);
            DeploymentDriver driver = dataPlanes.driverFor(dataPlane, environment);
            Deployment draft = restored.restoredBy(key, dataPlane.name(), Trigger.MANUAL, requestedBy, buildReference,
                    clock.instant());
            log.println(key.environment() + ": rolling " + key.component() + " back to deployment #" + restored.id()
                    + " (" + restored.image().digest().shortForm() + ")");
            return rollouts.run(claim, driver, draft, dataPlanes.workloadOf(restored), environment, dataPlane,
                    PromotionPolicy.namespaceFor(environment, dataPlane, key.project(), key.component()),
                    restored.configuration().configuration(), log, abort).deployment();
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
            return rollouts.proceed(claim, dataPlanes.driverFor(dataPlane, environment), started,
                    dataPlanes.workloadOf(started), environment, dataPlane, PromotionPolicy.namespaceFor(environment,
                            dataPlane, started.slot().project(), started.slot().component()),
                    started.configuration().configuration(), log, abort).deployment();
        }
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
            DeploymentDriver driver = dataPlanes.driverFor(dataPlane, environment);
            if (!driver.removed(dataPlanes.orderOf(running, environment, false)).orElse(false)) {
                throw new RuleViolationException(key.project() + "/" + key.component() + " still runs in "
                        + key.environment() + " (deployment #" + running.id() + " on data plane " + dataPlane.name()
                        + "): remove its workload from the data plane first, then retire it");
            }
            Deployment retirement = ledger.retire(claim, running.retiredBy(requestedBy, clock.instant(),
                    "deployment #" + running.id() + " retired: its workload was removed from data plane "
                            + dataPlane.name()));
            log.println(key.environment() + ": retired " + key.project() + "/" + key.component() + " (deployment #"
                    + running.id() + ", by " + requestedBy + ") as deployment #" + retirement.id()
                    + "; its history stays");
            return retirement;
        }
    }

    /**
     * What a promotion would do, without doing it: the rules' decision (a refusal throws as the promotion would,
     * but soak and approval, which only time and people pass, are reported as gates still to pass),
     * the digest and configuration changes against what runs there now, and the driver's object-level changes.
     * Nothing is claimed, recorded or resolved.
     */
    public Preview preview(PromotionRequest request) {
        return inspection.preview(request);
    }

    /**
     * How what runs in an environment differs from the ledger's current deployment there, as the environment's
     * driver sees it; empty when nothing was deployed or the driver cannot tell.
     */
    public Optional<List<String>> drift(Slot key) {
        return inspection.drift(key);
    }

    /**
     * The newest deployment of {@code kind} in {@code slot} that the build at {@code buildReference} started at
     * {@code since} or later: what a step finds again of its own work when its host restarted while it ran.
     */
    public Optional<Deployment> madeBy(String buildReference, Slot slot, DeploymentKind kind, Instant since) {
        return ledger.history(slot, RESUME_HISTORY).stream()
                .filter(d -> d.buildReference().equals(buildReference) && d.kind() == kind
                        && !d.startedAt().isBefore(since))
                .findFirst();
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
