package io.cdpipelines.cli;

import io.cdpipelines.model.ApprovalDecision;
import picocli.CommandLine.Command;

/** {@code cdp approve ID}: approves a waiting request, which then promotes. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a waiting request for approval (as one of the environment's approvers, not the one who "
                + "asked): the promotion then runs as it was asked, recorded with your name.",
        footer = {"", "Examples:", "  cdp approve 7", "  cdp approve 7 --by erin:release-managers"})
final class ApproveCommand extends DecideCommand {
    @Override
    ApprovalDecision decision() {
        return ApprovalDecision.APPROVED;
    }
}
