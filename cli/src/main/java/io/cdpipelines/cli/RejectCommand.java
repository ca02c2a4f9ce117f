package io.cdpipelines.cli;

import io.cdpipelines.model.ApprovalDecision;
import picocli.CommandLine.Command;

/** {@code cdp reject ID}: rejects a waiting request; nothing is deployed. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject a waiting request for approval (as one of the environment's approvers); nothing is "
                + "deployed.",
        footer = {"", "Examples:", "  cdp reject 7", "  cdp reject 7 --by erin:release-managers"})
final class RejectCommand extends DecideCommand {
    @Override
    ApprovalDecision decision() {
        return ApprovalDecision.REJECTED;
    }
}
