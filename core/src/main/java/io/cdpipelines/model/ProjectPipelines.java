package io.cdpipelines.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The pipelines a project may use, as resolved through folder inheritance: {@code definedBy} is the project that set
 * them, or empty when they are the organization default.
 */
public record ProjectPipelines(String project, Optional<String> definedBy, List<PipelineGraph> pipelines,
                               PipelineGraph defaultPipeline) {

    public ProjectPipelines {
        pipelines = List.copyOf(pipelines);
    }

    public Optional<PipelineGraph> named(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The environments this project may deploy to: the default pipeline's in order, then the others'. */
    public List<String> environments() {
        LinkedHashSet<String> all = new LinkedHashSet<>(defaultPipeline.environmentsInOrder());
        pipelines.forEach(p -> all.addAll(p.environmentsInOrder()));
        return List.copyOf(all);
    }

    public List<String> names() {
        return pipelines.stream().map(PipelineGraph::name).toList();
    }
}
