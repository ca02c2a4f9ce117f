package io.cdpipelines.cli;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** The history of deployments: of an environment, of a project, or of one component in one environment. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List deployments, newest first: who moved what where, when, and how it ended.",
        footer = {"", "Examples:", "  cdp history --environment production",
                "  cdp history --project shop --component cart --environment staging --limit 5"})
final class HistoryCommand extends WorkspaceCommand {
    @Option(names = "--project", description = "a project (and the projects nested in it)")
    String project;
    @Option(names = "--component", description = "with --project and --environment: one component")
    String component;
    @Option(names = "--environment", description = "an environment")
    String environment;
    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    int run(Workspace workspace, Output output) {
        List<Deployment> deployments;
        if (limit < 1) {
            throw new InvalidInputException("--limit", limit + " is not a number of deployments: give 1 or more");
        }
        if (component != null) {
            if (project == null || environment == null) {
                throw new InvalidInputException("--component", "give --project and --environment with --component");
            }
            deployments = workspace.ledger.history(new Slot(project, component, environment), limit);
        } else if (project != null && environment != null) {
            workspace.organization.requireEnvironment(environment);
            deployments = workspace.ledger.historyOfEnvironment(environment, project, limit);
        } else if (project != null) {
            deployments = workspace.ledger.historyOfProject(project, limit);
        } else if (environment != null) {
            workspace.organization.requireEnvironment(environment);
            deployments = workspace.ledger.historyOfEnvironment(environment, limit);
        } else {
            throw new InvalidInputException("history", "give --environment, --project, or both with --component");
        }
        output.deployments(deployments);
        return ExitCodes.SUCCESS;
    }
}
