package io.cdpipelines.cli;

import io.cdpipelines.engine.ApprovalOutcome;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.model.ApprovalDecision;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Approves or rejects a waiting request as the given person; an approval runs the promotion as it was asked. */
abstract class DecideCommand extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "the approval's number (cdp approvals lists them)")
    long id;

    @Option(names = "--by", paramLabel = "USER[:GROUP,...]", description = "who decides, with their groups "
            + "(default: $USER)")
    String by;

    abstract ApprovalDecision decision();

    @Override
    int run(Workspace workspace, Output output) {
        String[] parts = (by == null ? WorkspaceCommand.user(null) : WorkspaceCommand.user(by)).split(":", 2);
        Set<String> groups = new LinkedHashSet<>(parts.length > 1 ? List.of(parts[1].split(",")) : List.of());
        groups.removeIf(String::isBlank);
        ApprovalOutcome outcome = workspace.engine.decideApproval(id, decision(), parts[0], groups,
                io.cdpipelines.promotion.ApproverMatching.AS_WRITTEN, output::progress);
        ApprovalsCommand.print(List.of(outcome.approval()), output);
        if (outcome.promotion().isEmpty()) {
            return ExitCodes.SUCCESS;
        }
        PromotionResult promotion = outcome.promotion().get();
        if (promotion.refusal().isPresent()) {
            output.progress("the promotion was refused: " + promotion.refusal().get().getMessage());
            return ExitCodes.REFUSED;
        }
        output.deployments(List.of(promotion.deployment().orElseThrow()));
        return promotion.succeeded() ? ExitCodes.SUCCESS : ExitCodes.DEPLOYMENT_FAILED;
    }
}
