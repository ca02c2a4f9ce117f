package io.cdpipelines.cli;

import io.cdpipelines.model.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The board: what runs where, per project, component and environment. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the board: the digest each component runs in each environment, when and by whom.",
        footer = {"", "Examples:", "  cdp status", "  cdp status --project shop --output json"})
final class StatusCommand extends WorkspaceCommand {
    @Option(names = "--project", description = "only this project and the projects nested in it")
    String project;

    @Override
    int run(Workspace workspace, Output output) {
        printBoard(workspace, output, Optional.ofNullable(project), spec.commandLine().getOut());
        return ExitCodes.SUCCESS;
    }

    static void printBoard(Workspace workspace, Output output, Optional<String> project, java.io.PrintWriter out) {
        List<Deployment> board = workspace.ledger.board(project);
        if (output.json()) {
            output.json(board.stream().map(Output::view).toList());
            return;
        }
        if (board.isEmpty()) {
            out.println("nothing is deployed yet");
            return;
        }
        // one row per project and component, one column per environment, in pipeline order
        List<String> environments = workspace.organization.environments().stream().map(e -> e.name())
                .filter(name -> board.stream().anyMatch(d -> d.environment().equals(name))).toList();
        Map<String, Map<String, Deployment>> rows = new TreeMap<>();
        for (Deployment d : board) {
            rows.computeIfAbsent(d.key().project() + "\t" + d.key().component(), k -> new LinkedHashMap<>())
                    .put(d.environment(), d);
        }
        List<String> headers = new ArrayList<>(List.of("PROJECT", "COMPONENT"));
        headers.addAll(environments);
        List<List<String>> table = new ArrayList<>();
        rows.forEach((key, byEnvironment) -> {
            List<String> row = new ArrayList<>(List.of(key.split("\t")));
            for (String environment : environments) {
                Deployment d = byEnvironment.get(environment);
                row.add(d == null ? "-" : d.image().digest().shortForm() + " " + d.revision() + " #" + d.id()
                        + (d.kind() == io.cdpipelines.model.DeploymentKind.ROLLBACK ? " (rolled back)" : ""));
            }
            table.add(row);
        });
        output.table(headers, table);
    }
}
