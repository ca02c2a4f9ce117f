package io.cdpipelines.view;

import java.util.List;

/** A pipeline as the view draws it: its environments in promotion order, and the paths between them. */
public record PipelineDiagram(List<EnvironmentNode> environments, List<Path> paths) {

    /** A path a release takes from one environment to the next; several into one is a fan-in. */
    public record Path(String from, String to) {
    }

    public PipelineDiagram {
        environments = List.copyOf(environments);
        paths = List.copyOf(paths);
    }
}
