package io.cdpipelines.model;

import java.util.List;

/** One declared edge set of a pipeline: releases healthy in {@code source} may be promoted to each target. */
public record PromotionPath(String source, List<String> targets) {

    public PromotionPath {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public static PromotionPath of(String source, String... targets) {
        return new PromotionPath(source, List.of(targets));
    }
}
