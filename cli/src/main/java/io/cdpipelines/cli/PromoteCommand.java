package io.cdpipelines.cli;

import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.model.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Promotes a release into one or more environments (several: a fan-out, deployed concurrently). */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Promote a release along the project's CD pipeline, with each environment's configuration.",
        footer = {"", "Examples:", "  cdp promote --project shop --component cart --to dev --revision 9fceb02",
                "  cdp promote --project shop --component cart --to staging",
                "  cdp promote --project shop --component cart --to production --approved-by erin:release-managers",
                "  cdp promote --project shop --component cart --to prod-eu --to prod-us",
                "  cdp promote --project shop --component cart --to production --request-approval"})
final class PromoteCommand extends WorkspaceCommand {
    @Mixin
    PromotionOptions promotion;

    @Option(names = "--to", required = true, paramLabel = "ENVIRONMENT", description = "the target; repeatable")
    List<String> targets = new ArrayList<>();

    @Option(names = "--request-approval", description = "ask for the approval of this promotion into one protected "
            + "target instead (an approver then runs it: cdp approve ID)")
    boolean requestApproval;

    @Override
    int run(Workspace workspace, Output output) {
        if (requestApproval) {
            if (targets.size() != 1) {
                throw new io.cdpipelines.model.InvalidInputException("--to", "--request-approval asks for one "
                        + "target's approval: give one --to");
            }
            var requested = workspace.engine.requestApproval(promotion.request(targets.get(0)));
            ApprovalsCommand.print(List.of(requested), output);
            output.progress("an approver decides it: cdp approve " + requested.id() + " (or cdp reject "
                    + requested.id() + ")");
            return ExitCodes.SUCCESS;
        }
        List<PromotionResult> results;
        if (targets.size() == 1) {
            Deployment deployment = workspace.engine.promote(promotion.request(targets.get(0)), output::progress,
                    interruption);
            results = List.of(new PromotionResult(targets.get(0), java.util.Optional.of(deployment),
                    java.util.Optional.empty()));
        } else {
            results = workspace.engine.promoteAll(promotion.request(targets.get(0)), targets, output::progress,
                    interruption);
        }
        print(results, output);
        boolean failed = results.stream().anyMatch(r -> r.deployment().map(d -> !d.succeeded()).orElse(false));
        boolean refused = results.stream().anyMatch(r -> r.refusal().isPresent());
        return failed ? ExitCodes.DEPLOYMENT_FAILED : refused ? ExitCodes.REFUSED : ExitCodes.SUCCESS;
    }

    private void print(List<PromotionResult> results, Output output) {
        if (output.json()) {
            List<Object> items = new ArrayList<>();
            for (PromotionResult result : results) {
                if (result.deployment().isPresent()) {
                    items.add(Output.view(result.deployment().get()));
                } else {
                    Map<String, Object> refusal = new LinkedHashMap<>();
                    refusal.put("environment", result.environment());
                    refusal.put("refused", result.refusal().orElseThrow().getMessage());
                    items.add(refusal);
                }
            }
            output.json(items);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (PromotionResult result : results) {
            rows.add(result.deployment().map(d -> List.of(result.environment(), d.result().name().toLowerCase(
                            java.util.Locale.ROOT), "#" + d.id(), d.image().digest().shortForm(), d.message()))
                    .orElseGet(() -> List.of(result.environment(), "refused", "", "",
                            result.refusal().orElseThrow().getMessage())));
        }
        output.table(List.of("ENVIRONMENT", "RESULT", "DEPLOYMENT", "DIGEST", "MESSAGE"), rows);
    }
}
