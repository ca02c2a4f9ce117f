package io.cdpipelines.view;

import io.cdpipelines.model.Environment;

import java.util.List;
import java.util.TreeSet;

/**
 * An environment of the pipeline as the view shows it: its name, whether it is production, the approval it requires
 * (and who may give it), the soak it asks of its sources, and the data plane it deploys to. {@code depth} is its
 * distance from the pipeline's first environment, for the columns of the graph.
 */
public record EnvironmentNode(String name, String displayName, boolean production, String dataPlane, int depth,
                              boolean approvalRequired, List<String> approvers, long minimumSoakMinutes) {

    public EnvironmentNode {
        approvers = List.copyOf(approvers);
    }

    static EnvironmentNode of(Environment environment, int depth) {
        var protection = environment.protection();
        return new EnvironmentNode(environment.name(), environment.displayName(), environment.production(),
                environment.dataPlane(), depth, protection.approvalRequired(),
                List.copyOf(new TreeSet<>(protection.approvers())), protection.minimumSoak().toMinutes());
    }
}
