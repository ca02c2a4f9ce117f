package io.cdpipelines.cli;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        // a failed (or aborted) last attempt is shown beside what runs: the rules treat that slot as unhealthy
        Map<Slot, Deployment> attempts = new LinkedHashMap<>();
        workspace.ledger.lastAttemptsBesideTheBoard(project).forEach(d -> attempts.put(d.slot(), d));
        Map<Slot, Deployment> running = new LinkedHashMap<>();
        board.forEach(d -> running.put(d.slot(), d));
        Set<Slot> slots = new TreeSet<>(Comparator.comparing(Slot::project)
                .thenComparing(Slot::component).thenComparing(Slot::environment));
        slots.addAll(running.keySet());
        slots.addAll(attempts.keySet());
        if (output.json()) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Slot slot : slots) {
                Map<String, Object> item = running.containsKey(slot) ? Output.view(running.get(slot))
                        : new LinkedHashMap<>(Map.of("project", slot.project(), "component", slot.component(),
                        "environment", slot.environment()));
                item.put("lastAttempt", attempts.containsKey(slot) ? Output.view(attempts.get(slot)) : null);
                items.add(item);
            }
            output.json(items);
            return;
        }
        if (slots.isEmpty()) {
            out.println("nothing is deployed yet");
            return;
        }
        // one row per project and component, one column per environment, in pipeline order
        List<String> environments = new ArrayList<>(workspace.organization.environments().stream().map(e -> e.name())
                .filter(name -> slots.stream().anyMatch(k -> k.environment().equals(name))).toList());
        // what still runs in an environment the configuration no longer defines is shown, not hidden
        slots.stream().map(Slot::environment).filter(name -> !environments.contains(name)).distinct()
                .sorted().forEach(environments::add);
        Map<String, List<Slot>> rows = new TreeMap<>();
        for (Slot slot : slots) {
            rows.computeIfAbsent(slot.project() + "\t" + slot.component(), k -> new ArrayList<>()).add(slot);
        }
        List<String> headers = new ArrayList<>(List.of("PROJECT", "COMPONENT"));
        environments.forEach(name -> headers.add(workspace.organization.environment(name).isPresent() ? name
                : name + " (not configured)"));
        List<List<String>> table = new ArrayList<>();
        rows.forEach((row, keys) -> {
            List<String> cells = new ArrayList<>(List.of(row.split("\t")));
            for (String environment : environments) {
                Slot slot = keys.stream().filter(k -> k.environment().equals(environment)).findFirst()
                        .orElse(null);
                cells.add(slot == null ? "-" : cell(running.get(slot), attempts.get(slot)));
            }
            table.add(cells);
        });
        output.table(headers, table);
    }

    /** What runs ({@code 4f3c2b1a4f3c v1 #3}), and a last attempt that did not take ({@code last #5 FAILED}). */
    private static String cell(Deployment current, Deployment lastAttempt) {
        String runs = current == null ? "-" : current.image().digest().shortForm() + " " + current.revision() + " #"
                + current.id() + (current.kind() == DeploymentKind.ROLLBACK ? " (rolled back)" : "");
        return lastAttempt == null ? runs : runs + " (last #" + lastAttempt.id() + " " + lastAttempt.result() + ")";
    }
}
