package io.cdpipelines.cli;

import io.cdpipelines.model.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    SlotOptions slot;
    @Option(names = "--to", paramLabel = "DEPLOYMENT", description = "the deployment number to restore")
    Long number;

    @Override
    int run(Workspace workspace, Output output) {
        Deployment deployment = workspace.engine.rollback(slot.slot(), Optional.ofNullable(number),
                slot.requestedBy(), "", output::progress, interruption);
        output.deployments(List.of(deployment));
        return deployment.succeeded() ? ExitCodes.SUCCESS : ExitCodes.DEPLOYMENT_FAILED;
    }
}
