package io.cdpipelines.cli;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/** Restores an earlier successful deployment of one environment: image and configuration together. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Roll an environment back to the deployment before the current one, or to a given one: the "
                + "digest and the configuration it ran with. Automatic promotions will not override it.",
        footer = {"", "Examples:", "  cdp rollback --project shop --component cart --environment production",
                "  cdp rollback --project shop --component cart --environment production --to 12"})
final class RollbackCommand extends WorkspaceCommand {
    @Option(names = "--project", required = true, description = "the project (folder path, such as team-a/shop)")
    String project;
    @Option(names = "--component", required = true, description = "the component to roll back")
    String component;
    @Option(names = "--environment", required = true, description = "where: the environment it runs in")
    String environment;
    @Option(names = "--to", paramLabel = "DEPLOYMENT", description = "the deployment number to restore")
    Long number;
    @Option(names = "--by", description = "who asks (default: $USER)")
    String by;

    @Override
    int run(Workspace workspace, Output output) {
        Deployment deployment = workspace.engine.rollback(new DeploymentKey(project, component, environment),
                Optional.ofNullable(number), user(by), "", output::progress, interruption);
        output.deployments(List.of(deployment));
        return deployment.succeeded() ? ExitCodes.SUCCESS : ExitCodes.DEPLOYMENT_FAILED;
    }
}
