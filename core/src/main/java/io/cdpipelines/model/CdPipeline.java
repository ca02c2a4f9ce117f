package io.cdpipelines.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An organization-level ordering of environments: promotion paths forming a DAG with one root. Declared either as a
 * chain ({@code [dev, staging, production]}) or as paths; a target listed in {@code allSourcesRequired} takes only a
 * release that is healthy in every one of its sources (otherwise any one suffices).
 */
public record CdPipeline(String name, String description, List<String> chain, List<PromotionPath> paths,
                         Set<String> allSourcesRequired) {

    public CdPipeline {
        chain = chain == null ? List.of() : List.copyOf(chain);
        paths = paths == null ? List.of() : List.copyOf(paths);
        allSourcesRequired = allSourcesRequired == null ? Set.of() : Set.copyOf(allSourcesRequired);
        description = description == null ? "" : description;
    }

    /** The common case: a linear list of environments. */
    public static CdPipeline chain(String name, String... environments) {
        return new CdPipeline(name, "", List.of(environments), List.of(), Set.of());
    }

    public static CdPipeline paths(String name, PromotionPath... paths) {
        return new CdPipeline(name, "", List.of(), List.of(paths), Set.of());
    }

    public boolean declaredAsChain() {
        return !chain.isEmpty();
    }

    /** The edges, whichever way they were declared. */
    public List<PromotionPath> edges() {
        if (!declaredAsChain()) {
            return paths;
        }
        List<PromotionPath> edges = new ArrayList<>();
        for (int i = 0; i + 1 < chain.size(); i++) {
            edges.add(PromotionPath.of(chain.get(i), chain.get(i + 1)));
        }
        return edges;
    }

    /** Every environment the pipeline names, in order of first mention. */
    public List<String> mentionedEnvironments() {
        if (declaredAsChain()) {
            return chain;
        }
        var seen = new java.util.LinkedHashSet<String>();
        for (PromotionPath path : paths) {
            seen.add(path.source());
            seen.addAll(path.targets());
        }
        return List.copyOf(seen);
    }
}
