package io.cdpipelines.view;

import java.util.List;

/** One component of the project across the pipeline: a cell per environment, in the diagram's order. */
public record ComponentRow(String component, List<EnvironmentCell> environments, List<ReleaseCard> releases) {

    public ComponentRow {
        environments = List.copyOf(environments);
        releases = List.copyOf(releases);
    }
}
