package io.cdpipelines.cli;

import io.cdpipelines.model.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Closes what ran in one environment after its workload was removed from the data plane. */
@Command(name = "retire", mixinStandardHelpOptions = true,
        description = "Retire a component from an environment after its workload was removed from the data plane: "
                + "cdp checks that nothing of it is left there, then takes it off the board (its history stays). "
                + "An environment can leave the configuration once nothing runs there.",
        footer = {"", "Example:", "  cdp retire --project shop --component cart --environment qa"})
final class RetireCommand extends WorkspaceCommand {
    @Mixin
    SlotOptions slot;

    @Override
    int run(Workspace workspace, Output output) {
        Deployment retired = workspace.engine.retire(slot.slot(), slot.requestedBy(), output::progress);
        if (output.json()) {
            output.json(Output.view(retired));
        }
        return ExitCodes.SUCCESS;
    }
}
