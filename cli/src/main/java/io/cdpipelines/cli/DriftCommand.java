package io.cdpipelines.cli;

import io.cdpipelines.driver.DataPlaneUnreachableException;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where what runs differs from what the ledger says runs. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Compare what each data plane holds with the ledger's current deployments; exit 5 on drift.",
        footer = {"", "Examples:", "  cdp drift", "  cdp drift --project shop --environment production"})
final class DriftCommand extends WorkspaceCommand {
    @Option(names = "--project", description = "only this project and the projects nested in it")
    String project;
    @Option(names = "--environment", description = "only this environment")
    String environment;

    @Override
    int run(Workspace workspace, Output output) {
        List<Map<String, Object>> reports = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        boolean drifted = false;
        boolean unreachable = false;
        if (environment != null) {
            workspace.organization.requireEnvironment(environment);
        }
        // what runs, and slots where nothing runs but an attempt was made: its objects must not be there
        List<Deployment> slots = new ArrayList<>(workspace.ledger.board(Optional.ofNullable(project)));
        workspace.ledger.lastAttemptsBesideTheBoard(Optional.ofNullable(project)).stream()
                .filter(attempt -> slots.stream().noneMatch(d -> d.slot().equals(attempt.slot()))).forEach(slots::add);
        for (Deployment current : slots) {
            if (environment != null && !current.environment().equals(environment)) {
                continue;
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("project", current.slot().project());
            report.put("component", current.slot().component());
            report.put("environment", current.environment());
            report.put("deployment", current.id());
            Optional<List<String>> differences;
            String problem = null;
            try {
                differences = workspace.engine.drift(current.slot());
            } catch (DataPlaneUnreachableException e) { // reported, and the other data planes are checked
                differences = Optional.empty();
                problem = "unreachable: " + e.getMessage();
                unreachable = true;
            } catch (InvalidInputException e) { // the environment is gone from the configuration
                differences = Optional.empty();
                problem = "not checked: " + e.getMessage() + " (the configuration no longer defines it)";
            }
            report.put("checked", differences.isPresent());
            report.put("differences", differences.orElse(List.of()));
            if (problem != null) {
                report.put("problem", problem);
            }
            reports.add(report);
            String state = problem != null ? problem : differences.map(d -> d.isEmpty() ? "in sync"
                    : String.join("; ", d)).orElse("cannot tell");
            drifted |= differences.map(d -> !d.isEmpty()).orElse(false);
            rows.add(List.of(current.slot().project(), current.slot().component(), current.environment(),
                    "#" + current.id(), state));
        }
        if (output.json()) {
            output.json(reports);
        } else {
            output.table(List.of("PROJECT", "COMPONENT", "ENVIRONMENT", "DEPLOYMENT", "STATE"), rows);
        }
        return unreachable ? ExitCodes.UNREACHABLE : drifted ? ExitCodes.DRIFT : ExitCodes.SUCCESS;
    }
}
