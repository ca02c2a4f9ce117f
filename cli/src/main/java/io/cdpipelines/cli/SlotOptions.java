package io.cdpipelines.cli;

import io.cdpipelines.model.Slot;
import picocli.CommandLine.Option;

/** The options that name one slot (a project's component in an environment) and who asks: rollback and retire. */
final class SlotOptions {
    @Option(names = "--project", required = true, description = "the project (folder path, such as team-a/shop)")
    String project;
    @Option(names = "--component", required = true, description = "the component")
    String component;
    @Option(names = "--environment", required = true, description = "the environment it runs in")
    String environment;
    @Option(names = "--by", description = "who asks (default: $USER)")
    String by;

    Slot slot() {
        return new Slot(project, component, environment);
    }

    String requestedBy() {
        return WorkspaceCommand.user(by);
    }
}
