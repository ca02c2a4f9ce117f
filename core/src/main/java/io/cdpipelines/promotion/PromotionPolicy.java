package io.cdpipelines.promotion;

import io.cdpipelines.model.SlotState;
import io.cdpipelines.ledger.RecordedState;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Problem;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Names;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.PipelineGraph;
import io.cdpipelines.model.ProjectPipelines;
import io.cdpipelines.model.Protection;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The promotion rules. Into a pipeline's root goes any recorded release of the project; into any other environment
 * only along a declared path of an attached pipeline, from a source where that digest runs healthy now and has
 * soaked long enough, with approval where the target requires it. Automation never overrides a rollback, and an
 * environment keeps the data plane it was first deployed to.
 */
public final class PromotionPolicy {

    private PromotionPolicy() {
    }

    /** Decides {@code request} or throws a {@link RuleViolationException} that says which rule refused and the way on. */
    public static PromotionDecision decide(Organization organization, PromotionRequest request, RecordedState state,
                                           Instant now) {
        return decide(organization, request, state, now, true);
    }

    /**
     * Decides without the gates that only time and people open (soak, approval), for a preview of what would happen
     * once they are passed. The decision's {@code approvedBy} is then empty.
     */
    public static PromotionDecision decideBeforeGates(Organization organization, PromotionRequest request,
                                                      RecordedState state, Instant now) {
        return decide(organization, request, state, now, false);
    }

    private static PromotionDecision decide(Organization organization, PromotionRequest request, RecordedState state,
                                            Instant now, boolean gates) {
        Names.require("component", request.component(), Names.recordedComponentProblem(request.component()));
        Environment target = organization.requireEnvironment(request.target());
        request.from().ifPresent(organization::requireEnvironment); // an unknown source is bad input, not a refusal
        ProjectPipelines attached = organization.pipelinesFor(request.project());
        PipelineGraph pipeline = choosePipeline(organization, attached, request);
        Slot key = new Slot(request.project(), request.component(), target.name());
        SlotState targetState = state.stateOf(key);

        Release release;
        Optional<String> source;
        if (pipeline.isRoot(target.name())) {
            request.from().ifPresent(from -> {
                throw new RuleViolationException(target.name() + " is the first environment of pipeline "
                        + pipeline.name() + ": it takes recorded releases, not promotions from " + from
                        + "; name the release by digest or revision instead");
            });
            release = namedRelease(request, state).orElseThrow(() -> new InvalidInputException("digest",
                    "promoting into " + target.name() + ", the first environment of pipeline " + pipeline.name()
                            + ", needs the release: give its digest or revision"));
            source = Optional.empty();
        } else {
            List<String> sources = request.from().map(List::of).orElse(pipeline.sourcesOf(target.name()));
            release = namedRelease(request, state).orElseGet(() -> releaseRunningIn(sources, request, pipeline, state));
            source = Optional.of(checkSources(sources, release, target, pipeline, request, state,
                    gates ? target.protection().minimumSoak() : Duration.ZERO, now));
        }
        Optional<String> approvedBy = gates ? checkApproval(target, request) : Optional.empty();
        checkRollbackHold(targetState, target, request);
        DataPlane dataPlane = organization.dataPlaneOf(target);
        checkDataPlaneUnchanged(target, state);

        Configuration configured = target.configuration()
                .overriddenBy(organization.projectConfiguration(request.project(), target.name()));
        checkPerCallValues(request.configuration(), configured, target);
        Configuration configuration = configured.overriddenBy(request.configuration());
        return new PromotionDecision(request, release, pipeline.name(), source, target, dataPlane, configuration,
                namespaceFor(target, dataPlane, request.project(), request.component()), approvedBy);
    }

    /**
     * The values a promotion brings itself (cdp --set, the step's variables): valid variable names, and never one that
     * the environment or the project keeps as a secret, whose plain value would then go into Git and the ledger.
     */
    static void checkPerCallValues(Configuration perCall, Configuration configured, Environment target) {
        List<Problem> problems = new ArrayList<>();
        for (String name : perCall.variables().keySet()) {
            Names.variableNameProblem(name).ifPresent(message -> problems.add(new Problem("variables." + name,
                    message)));
            if (configured.secrets().containsKey(name)) {
                problems.add(new Problem("variables." + name, "is a secret of " + target.name() + ": a value given "
                        + "with the promotion may not replace it (it would be written in plain text); change the "
                        + "credential it refers to instead"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The environment's namespace, else the Kubernetes data plane's default namespace. */
    public static String namespaceFor(Environment target, DataPlane dataPlane, String project, String component) {
        String namespace = target.namespaceFor(project, component);
        if (namespace == null && dataPlane instanceof KubernetesDataPlane kubernetes) {
            namespace = kubernetes.defaultNamespace();
        }
        return namespace == null || namespace.isBlank() ? target.name() : namespace;
    }

    /** An environment deployed to on one data plane keeps it: moving it would strand what runs there. */
    public static void checkDataPlaneUnchanged(Environment environment, RecordedState state) {
        state.dataPlaneUsedBy(environment.name()).ifPresent(used -> {
            if (!used.equals(environment.dataPlane())) {
                throw new RuleViolationException("environment " + environment.name() + " has been deployed to data plane "
                        + used + " and cannot move to " + environment.dataPlane()
                        + ": define a new environment on " + environment.dataPlane() + " instead");
            }
        });
    }

    private static PipelineGraph choosePipeline(Organization organization, ProjectPipelines attached,
                                                PromotionRequest request) {
        List<PipelineGraph> candidates;
        if (request.pipeline().isPresent()) {
            String name = request.pipeline().get();
            if (organization.pipeline(name).isEmpty()) {
                throw new InvalidInputException("pipeline", "unknown pipeline \"" + name + "\" (known: " + String.join(
                        ", ", organization.pipelines().stream().map(PipelineGraph::name).sorted().toList()) + ")");
            }
            candidates = List.of(attached.named(name).orElseThrow(() -> new RuleViolationException(
                    "pipeline " + name + " is not attached to project " + request.project()
                            + " (attached: " + String.join(", ", attached.names()) + ")")));
        } else {
            candidates = new ArrayList<>(attached.pipelines());
            candidates.remove(attached.defaultPipeline());
            candidates.add(0, attached.defaultPipeline());
        }
        List<PipelineGraph> containing = candidates.stream().filter(p -> p.contains(request.target())).toList();
        if (containing.isEmpty()) {
            throw new RuleViolationException("project " + request.project() + " may not deploy to " + request.target()
                    + ": no pipeline attached to it includes that environment ("
                    + candidates.stream().map(PipelineGraph::name).map(n -> n + ": " + routeOf(attached, n))
                    .collect(Collectors.joining("; ")) + ")");
        }
        if (request.from().isEmpty()) {
            return containing.get(0);
        }
        String from = request.from().get();
        return containing.stream().filter(p -> p.sourcesOf(request.target()).contains(from)).findFirst()
                .orElseThrow(() -> skipRefused(containing.get(0), from, request.target(), request));
    }

    private static RuleViolationException skipRefused(PipelineGraph pipeline, String from, String target,
                                                      PromotionRequest request) {
        String route = pipeline.routeTo(target).map(r -> String.join(" → ", r)).orElse(target);
        String sources = String.join(" or ", pipeline.sourcesOf(target));
        return new RuleViolationException("cannot promote " + request.project() + "/" + request.component() + " from "
                + from + " to " + target + ": pipeline " + pipeline.name() + " has no path " + from + " → " + target
                + "; the way to " + target + " is " + route
                + (sources.isEmpty() ? "" : ", so promote from " + sources));
    }

    private static String routeOf(ProjectPipelines attached, String pipelineName) {
        PipelineGraph graph = attached.named(pipelineName).orElseThrow();
        return String.join(" → ", graph.environmentsInOrder());
    }

    private static Optional<Release> namedRelease(PromotionRequest request, RecordedState state) {
        if (request.revision().isPresent()) {
            Release release = state.release(request.project(), request.component(), request.revision().get())
                    .orElseThrow(() -> new RuleViolationException("no release of " + request.project() + "/"
                            + request.component() + " is recorded for revision " + request.revision().get()
                            + ": record it (recordImage) after the build"));
            request.digest().filter(d -> !d.equals(release.digest())).ifPresent(d -> {
                throw new RuleViolationException("revision " + release.revision() + " of " + request.component()
                        + " was built as " + release.digest() + ", not " + d);
            });
            return Optional.of(release);
        }
        if (request.digest().isPresent()) {
            ImageDigest digest = request.digest().get();
            return Optional.of(state.releaseWithDigest(request.project(), request.component(), digest)
                    .orElseThrow(() -> new RuleViolationException("no release of " + request.project() + "/"
                            + request.component() + " with digest " + digest + " is recorded: only images recorded "
                            + "after their build (recordImage) can be deployed")));
        }
        return Optional.empty();
    }

    /** With no release named, the one that runs healthy in the sources moves on, if exactly one does. */
    private static Release releaseRunningIn(List<String> sources, PromotionRequest request, PipelineGraph pipeline,
                                            RecordedState state) {
        Set<ImageDigest> running = new LinkedHashSet<>();
        List<Release> releases = new ArrayList<>();
        for (String source : sources) {
            SlotState sourceState = state.stateOf(new Slot(request.project(), request.component(), source));
            sourceState.current().filter(d -> sourceState.healthyWith(d.image().digest())).ifPresent(d -> {
                if (running.add(d.image().digest())) {
                    releases.add(state.releaseWithDigest(request.project(), request.component(), d.image().digest())
                            .orElseThrow());
                }
            });
        }
        if (running.isEmpty()) {
            throw new RuleViolationException("nothing to promote to " + request.target() + ": " + request.component()
                    + " runs healthy in none of its sources (" + String.join(", ", sources) + ") in pipeline "
                    + pipeline.name());
        }
        if (running.size() > 1) {
            throw new RuleViolationException(request.target() + " has several sources running different releases of "
                    + request.component() + " (" + running.stream().map(ImageDigest::shortForm)
                    .collect(Collectors.joining(", ")) + "): name the source (from) or the digest");
        }
        return releases.get(0);
    }

    /** Returns the source the release is promoted from; refuses when it is not healthy or has not soaked there. */
    private static String checkSources(List<String> sources, Release release, Environment target,
                                       PipelineGraph pipeline, PromotionRequest request, RecordedState state,
                                       Duration soak, Instant now) {
        boolean all = pipeline.requiresAllSources(target.name());
        List<String> checked = all ? pipeline.sourcesOf(target.name()) : sources;
        List<String> reasons = new ArrayList<>();
        String ready = null;
        for (String source : checked) {
            SlotState sourceState = state.stateOf(new Slot(request.project(), request.component(), source));
            String reason = null;
            if (!sourceState.healthyWith(release.digest())) {
                reason = release.digest().shortForm() + " is not running healthy in " + source + " ("
                        + sourceState.describe() + ")";
            } else if (sourceState.healthyFor(now).compareTo(soak) < 0) {
                reason = release.digest().shortForm() + " has run in " + source + " for "
                        + human(sourceState.healthyFor(now)) + " but " + target.name() + " requires "
                        + human(soak) + " of soak: try again after "
                        + sourceState.current().orElseThrow().finishedAt().plus(soak);
            }
            if (reason == null) {
                ready = ready == null ? source : ready;
            } else {
                reasons.add(reason);
            }
        }
        if (ready == null || (all && !reasons.isEmpty())) {
            String route = pipeline.routeTo(target.name()).map(r -> String.join(" → ", r)).orElse(target.name());
            throw new RuleViolationException("cannot promote " + request.component() + " to " + target.name()
                    + (all ? " (it needs the release healthy in all of its sources)" : "") + ": "
                    + String.join("; ", reasons) + ". Pipeline " + pipeline.name() + " goes " + route);
        }
        return ready;
    }

    private static Optional<String> checkApproval(Environment target, PromotionRequest request) {
        Protection protection = target.protection();
        if (!protection.approvalRequired()) {
            return Optional.empty();
        }
        List<String> refusals = new ArrayList<>();
        for (Approval approval : request.approvals()) {
            if (!ApprovalRules.listed(protection, approval.approver(), approval.groups())) {
                refusals.add(approval.approver() + " is not among the approvers");
            } else if (!protection.allowSelfApproval() && approval.approver().equals(request.requestedBy())) {
                refusals.add(approval.approver() + " asked for this promotion and may not approve it too");
            } else {
                return Optional.of(approval.approver());
            }
        }
        throw new RuleViolationException(target.name() + " requires approval by one of "
                + String.join(", ", new java.util.TreeSet<>(protection.approvers()))
                + (protection.allowSelfApproval() ? "" : " (not the one who asks)")
                + (refusals.isEmpty() ? ": nobody has approved" : ": " + String.join("; ", refusals)));
    }

    private static void checkRollbackHold(SlotState targetState, Environment target, PromotionRequest request) {
        if (request.trigger() == Trigger.AUTOMATIC && targetState.heldByRollback()) {
            var rollback = targetState.current().orElseThrow();
            throw new RuleViolationException(target.name() + " was rolled back by deployment #" + rollback.id()
                    + (rollback.requestedBy().isEmpty() ? "" : " (" + rollback.requestedBy() + ")")
                    + "; an automatic promotion does not override a rollback: promote by hand to move on");
        }
    }

    static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 3600) {
            return (seconds / 3600) + "h" + (seconds % 3600 / 60 > 0 ? (seconds % 3600 / 60) + "m" : "");
        }
        if (seconds >= 60) {
            return (seconds / 60) + "m";
        }
        return seconds + "s";
    }
}
