package io.cdpipelines.view;

import java.util.List;

/**
 * The deploy view of one project along one of its attached pipelines, as a developer reads it before promoting: the
 * pipeline drawn as a graph, and for each component what runs in each environment and whether the next promotion
 * into it can go now, waits at a gate, or which rule refuses it, in the rule's own words. Computed in core so that
 * every host (the console, Jenkins) shows the same; no secret value is in it.
 */
public record DeployView(String project, String pipeline, List<String> pipelines, PipelineDiagram diagram,
                         List<ComponentRow> components) {

    public DeployView {
        pipelines = List.copyOf(pipelines);
        components = List.copyOf(components);
    }
}
