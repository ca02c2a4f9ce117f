package io.cdpipelines.cli;

import io.cdpipelines.model.ApprovalRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists the requests for approval that wait. */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "List the requests for approval that wait; ask for one with promote --request-approval, decide "
                + "one with approve or reject.",
        footer = {"", "Examples:", "  cdp approvals", "  cdp approvals --project shop",
                "  cdp promote --project shop --component cart --to production --request-approval", "  cdp approve 7"})
final class ApprovalsCommand extends WorkspaceCommand {
    @Option(names = "--project", description = "only this project's")
    String project;

    @Override
    int run(Workspace workspace, Output output) {
        print(workspace.ledger.pendingApprovals(Optional.ofNullable(project)), output);
        return ExitCodes.SUCCESS;
    }

    static void print(List<ApprovalRequest> requests, Output output) {
        if (output.json()) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (ApprovalRequest r : requests) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", r.id());
                item.put("project", r.slot().project());
                item.put("component", r.slot().component());
                item.put("environment", r.slot().environment());
                item.put("revision", r.revision());
                item.put("digest", r.digest().value());
                item.put("requestedBy", r.requestedBy());
                item.put("requestedAt", r.requestedAt().toString());
                item.put("decision", r.decision().map(d -> d.label()).orElse(null));
                item.put("decidedBy", r.decidedBy());
                items.add(item);
            }
            output.json(items);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ApprovalRequest r : requests) {
            rows.add(List.of("#" + r.id(), r.slot().project(), r.slot().component(), r.slot().environment(),
                    r.digest().shortForm() + " " + r.revision(), r.requestedBy(), Output.when(r.requestedAt()),
                    r.decision().map(d -> d.label() + " by " + r.decidedBy()).orElse("waits")));
        }
        if (rows.isEmpty()) {
            output.progress("no request for approval waits");
            return;
        }
        output.table(List.of("APPROVAL", "PROJECT", "COMPONENT", "ENVIRONMENT", "RELEASE", "ASKED BY", "WHEN",
                "STATE"), rows);
    }
}
