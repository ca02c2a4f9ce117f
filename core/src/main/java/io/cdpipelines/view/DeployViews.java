package io.cdpipelines.view;

import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationDiff;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.PipelineGraph;
import io.cdpipelines.model.ProjectPipelines;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.SlotState;
import io.cdpipelines.promotion.Gate;
import io.cdpipelines.promotion.PromotionDecision;
import io.cdpipelines.promotion.PromotionGates;
import io.cdpipelines.promotion.PromotionPolicy;
import io.cdpipelines.promotion.PromotionRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Computes the deploy view from the organization and the ledger at {@code now}: the rules are asked as a promotion
 * would ask them (before the gates that only time and people pass), so what the view says can go, goes. Reads only.
 */
public final class DeployViews {
    /** Releases listed per component, newest first. */
    static final int RELEASES = 10;

    private DeployViews() {
    }

    /**
     * The view of {@code project} along {@code pipeline}, or along the project's default pipeline when none is
     * named.
     *
     * @throws InvalidInputException when the pipeline is not one the project attaches
     */
    public static DeployView of(Organization organization, Ledger ledger, String project, Optional<String> pipeline,
                                Instant now) {
        ProjectPipelines attached = organization.pipelinesFor(project);
        PipelineGraph graph = pipeline.map(name -> attached.named(name).orElseThrow(() -> new InvalidInputException(
                "pipeline", "'" + name + "' is not attached to project " + project + ": choose one of "
                + String.join(", ", attached.names())))).orElse(attached.defaultPipeline());
        PipelineDiagram diagram = diagramOf(organization, graph);
        // every deployment's release is recorded first, so the releases name every component
        TreeSet<String> components = new TreeSet<>(ledger.components(project));
        // a deployment under way is recorded at its start, but it is the slot's last attempt only once it ends
        Map<Slot, Deployment> underWay = new HashMap<>();
        ledger.deploymentsUnderWay().stream().filter(d -> d.slot().project().equals(project))
                .forEach(d -> underWay.put(d.slot(), d));
        Map<Slot, ApprovalCard> waiting = new HashMap<>();
        ledger.pendingApprovals(Optional.of(project)).forEach(request -> waiting.put(request.slot(),
                ApprovalCard.of(request)));
        ViewState recorded = new ViewState(ledger);
        List<ComponentRow> rows = new ArrayList<>();
        for (String component : components) {
            rows.add(rowOf(organization, ledger, recorded, graph, project, component, waiting, underWay, now));
        }
        List<String> names = new ArrayList<>(attached.names());
        if (!names.contains(attached.defaultPipeline().name())) {
            names.add(0, attached.defaultPipeline().name());
        }
        return new DeployView(project, graph.name(), names, diagram, rows);
    }

    static PipelineDiagram diagramOf(Organization organization, PipelineGraph graph) {
        Map<String, Integer> depth = new HashMap<>();
        List<EnvironmentNode> nodes = new ArrayList<>();
        List<PipelineDiagram.Path> paths = new ArrayList<>();
        for (String environment : graph.environmentsInOrder()) {
            int level = graph.sourcesOf(environment).stream().mapToInt(source -> depth.getOrDefault(source, 0) + 1)
                    .max().orElse(0);
            depth.put(environment, level);
            nodes.add(EnvironmentNode.of(organization.requireEnvironment(environment), level));
            graph.sourcesOf(environment).forEach(source -> paths.add(new PipelineDiagram.Path(source, environment)));
        }
        return new PipelineDiagram(nodes, paths);
    }

    private static ComponentRow rowOf(Organization organization, Ledger ledger, ViewState recorded,
                                      PipelineGraph graph, String project, String component,
                                      Map<Slot, ApprovalCard> waiting, Map<Slot, Deployment> underWay,
                                      Instant now) {
        List<Release> releases = ledger.releases(project, component, RELEASES);
        recorded.know(releases);
        List<EnvironmentCell> cells = new ArrayList<>();
        Map<String, List<String>> runningIn = new HashMap<>();
        for (String environment : graph.environmentsInOrder()) {
            SlotState state = recorded.stateOf(new Slot(project, component, environment));
            state.current().ifPresent(d -> runningIn.computeIfAbsent(d.image().digest().value(), k -> new ArrayList<>())
                    .add(environment));
            Slot slot = new Slot(project, component, environment);
            Optional<Deployment> beside = Optional.ofNullable(underWay.get(slot)).or(() -> state.lastAttempt()
                    .filter(attempt -> attempt.result() != DeploymentResult.SUCCEEDED
                            && state.current().map(d -> d.id() != attempt.id()).orElse(true)));
            cells.add(new EnvironmentCell(environment, state.current().map(DeploymentCard::of),
                    beside.map(DeploymentCard::of), incoming(organization, recorded, graph, project, component,
                    environment, state, releases, now).waiting(Optional.ofNullable(waiting.get(
                    new Slot(project, component, environment))))));
        }
        List<ReleaseCard> cards = releases.stream().map(release -> ReleaseCard.of(release,
                runningIn.getOrDefault(release.digest().value(), List.of()))).toList();
        return new ComponentRow(component, cells, cards);
    }

    /** The promotion that would come next into {@code environment}, as the rules decide it now. */
    static IncomingPromotion incoming(Organization organization, ViewState recorded, PipelineGraph graph,
                                      String project,
                                      String component, String environment, SlotState state,
                                      List<Release> releases, Instant now) {
        PromotionRequest request = PromotionRequest.of(project, component, environment).inPipeline(graph.name());
        if (graph.isRoot(environment)) {
            if (releases.isEmpty()) {
                return IncomingPromotion.nothing("no release of " + component + " is recorded yet: record one after "
                        + "its build (recordImage, cdp release record)");
            }
            request = request.revision(releases.get(0).revision());
        } else if (graph.sourcesOf(environment).stream()
                .allMatch(source -> recorded.stateOf(new Slot(project, component, source)).current().isEmpty())) {
            return IncomingPromotion.nothing(component + " runs in none of " + String.join(", ",
                    graph.sourcesOf(environment)) + " yet");
        }
        PromotionDecision decision;
        try {
            decision = PromotionPolicy.decideBeforeGates(organization, request, recorded, now);
        } catch (RuleViolationException | InvalidInputException refused) {
            return new IncomingPromotion(IncomingPromotion.Status.REFUSED, Optional.empty(), Optional.empty(),
                    Optional.empty(), ConfigurationDiff.between(Configuration.EMPTY, Configuration.EMPTY), List.of(),
                    Optional.of(refused.getMessage()), Optional.empty());
        }
        Configuration before = state.current().map(d -> d.configuration().configuration()).orElse(Configuration.EMPTY);
        ConfigurationDiff configuration = ConfigurationDiff.between(before, decision.configuration());
        boolean sameImage = state.current().map(d -> d.image().digest().equals(decision.release().digest()))
                .orElse(false);
        List<Gate> gates = PromotionGates.stillToPass(decision, recorded, now);
        IncomingPromotion.Status status = sameImage && configuration.isEmpty() ? IncomingPromotion.Status.UP_TO_DATE
                : gates.isEmpty() ? IncomingPromotion.Status.READY : IncomingPromotion.Status.GATED;
        return new IncomingPromotion(status, decision.source(), Optional.of(decision.release().revision()),
                Optional.of(decision.release().digest().value()), configuration, gates, Optional.empty(),
                Optional.empty());
    }
}
