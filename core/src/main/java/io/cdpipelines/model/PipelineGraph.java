package io.cdpipelines.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The promotion graph of one pipeline, analysed once: its roots, the environments caught in a cycle, those
 * unreachable from the root, and, for a valid pipeline, sources, targets and routes.
 */
public final class PipelineGraph {
    private final CdPipeline pipeline;
    private final List<String> nodes;
    private final Map<String, List<String>> targets = new LinkedHashMap<>();
    private final Map<String, List<String>> sources = new HashMap<>();
    private final List<String> roots;
    private final List<String> cycle;
    private final Set<String> unreachable;
    private final List<String> order;

    private PipelineGraph(CdPipeline pipeline) {
        this.pipeline = pipeline;
        this.nodes = pipeline.mentionedEnvironments();
        for (String node : nodes) {
            targets.put(node, new ArrayList<>());
            sources.put(node, new ArrayList<>());
        }
        for (PromotionPath path : pipeline.edges()) {
            for (String target : path.targets()) {
                if (!targets.get(path.source()).contains(target)) {
                    targets.get(path.source()).add(target);
                    sources.get(target).add(path.source());
                }
            }
        }
        this.roots = nodes.stream().filter(node -> sources.get(node).isEmpty()).toList();
        this.order = topologicalOrder();
        this.cycle = order.size() == nodes.size() ? List.of() : findCycle();
        this.unreachable = roots.size() == 1 ? unreachableFrom(roots.get(0)) : Set.of();
    }

    /** Analyses a pipeline whose environments may still be wrong; see {@link #isValid()}. */
    public static PipelineGraph of(CdPipeline pipeline) {
        return new PipelineGraph(pipeline);
    }

    public CdPipeline pipeline() {
        return pipeline;
    }

    public String name() {
        return pipeline.name();
    }

    /** One root, no cycle, everything reachable. */
    public boolean isValid() {
        return roots.size() == 1 && cycle.isEmpty() && unreachable.isEmpty();
    }

    public List<String> roots() {
        return roots;
    }

    /** One cycle, as the environments along it with the first repeated at the end; empty when there is none. */
    public List<String> cycle() {
        return cycle;
    }

    public Set<String> unreachable() {
        return unreachable;
    }

    public String root() {
        return roots.get(0);
    }

    public boolean contains(String environment) {
        return targets.containsKey(environment);
    }

    public boolean isRoot(String environment) {
        return roots.contains(environment);
    }

    public List<String> sourcesOf(String environment) {
        return Collections.unmodifiableList(sources.getOrDefault(environment, List.of()));
    }

    public List<String> targetsOf(String environment) {
        return Collections.unmodifiableList(targets.getOrDefault(environment, List.of()));
    }

    public boolean requiresAllSources(String environment) {
        return pipeline.allSourcesRequired().contains(environment);
    }

    /** Environments in promotion order: every source before its targets. */
    public List<String> environmentsInOrder() {
        return order;
    }

    /** The shortest route from the root to {@code environment}, for messages that show the way. */
    /**
     * The pipeline drawn in one line: a chain as {@code dev → staging → production}, a fan-out with its branches,
     * {@code dev → staging → {prod-eu, prod-us}}, a join as the paths it has ({@code a → c, b → c}).
     */
    public String describe() {
        List<String> order = environmentsInOrder();
        boolean tree = order.stream().allMatch(e -> sourcesOf(e).size() <= 1) && roots().size() == 1;
        if (!tree) {
            return String.join(", ", order.stream().flatMap(from -> targetsOf(from).stream().map(to -> from + " → " + to))
                    .toList());
        }
        return branch(roots().get(0));
    }

    private String branch(String from) {
        List<String> targets = targetsOf(from);
        if (targets.isEmpty()) {
            return from;
        }
        if (targets.size() == 1) {
            return from + " → " + branch(targets.get(0));
        }
        return from + " → {" + String.join(", ", targets.stream().map(this::branch).toList()) + "}";
    }

    public Optional<List<String>> routeTo(String environment) {
        if (!contains(environment) || roots.size() != 1) {
            return Optional.empty();
        }
        Map<String, String> parent = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(root()));
        parent.put(root(), null);
        while (!queue.isEmpty()) {
            String node = queue.poll();
            if (node.equals(environment)) {
                List<String> route = new ArrayList<>();
                for (String at = node; at != null; at = parent.get(at)) {
                    route.add(0, at);
                }
                return Optional.of(route);
            }
            for (String next : targets.get(node)) {
                if (!parent.containsKey(next)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> pending = new HashMap<>();
        ArrayDeque<String> ready = new ArrayDeque<>();
        for (String node : nodes) {
            pending.put(node, sources.get(node).size());
            if (sources.get(node).isEmpty()) {
                ready.add(node);
            }
        }
        List<String> sorted = new ArrayList<>();
        while (!ready.isEmpty()) {
            String node = ready.poll();
            sorted.add(node);
            for (String next : targets.get(node)) {
                if (pending.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        return List.copyOf(sorted);
    }

    /** Walks back along sources from a node left out of the topological order until a node repeats. */
    private List<String> findCycle() {
        Set<String> sorted = new LinkedHashSet<>(order);
        String start = nodes.stream().filter(node -> !sorted.contains(node)).findFirst().orElseThrow();
        List<String> walk = new ArrayList<>();
        String at = start;
        while (!walk.contains(at)) {
            walk.add(at);
            String current = at;
            // a node outside the order always has a source outside it too
            at = sources.get(current).stream().filter(source -> !sorted.contains(source)).findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>(walk.subList(walk.indexOf(at), walk.size()));
        Collections.reverse(loop);
        // start at the environment declared first, so the message reads in the user's order
        String first = loop.stream().min(java.util.Comparator.comparingInt(nodes::indexOf)).orElseThrow();
        Collections.rotate(loop, -loop.indexOf(first));
        loop.add(loop.get(0));
        return List.copyOf(loop);
    }

    private Set<String> unreachableFrom(String root) {
        Set<String> seen = new LinkedHashSet<>(List.of(root));
        ArrayDeque<String> queue = new ArrayDeque<>(seen);
        while (!queue.isEmpty()) {
            for (String next : targets.get(queue.poll())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        Set<String> rest = new LinkedHashSet<>(nodes);
        rest.removeAll(seen);
        return Collections.unmodifiableSet(rest);
    }
}
