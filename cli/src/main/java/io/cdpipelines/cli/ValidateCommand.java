package io.cdpipelines.cli;

import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.LedgerAddress;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.PipelineGraph;
import io.cdpipelines.promotion.EnvironmentRemoval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Checks the organization configuration and reports every problem at once. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the organization YAML: every problem is reported with its path.",
        footer = {"", "Example:", "  cdp validate --config examples/organization.yaml"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Cdp options = (Cdp) spec.root().userObject();
        Path dataDirectory = options.dataDirectory().toAbsolutePath();
        Organization organization = Workspace.load(options.config(), dataDirectory);
        // with a ledger beside it: nothing may run in an environment the configuration no longer defines
        LedgerAddress address = options.ledgerAddress();
        if (address instanceof LedgerAddress.Shared || Files.exists(dataDirectory.resolve(SqliteLedger.FILE_NAME))) {
            try (Ledger ledger = address.open(options.ledgerCredentials(), options.lockTimeout)) {
                EnvironmentRemoval.check(organization, ledger.board(Optional.empty()));
            }
        }
        Output output = new Output(options.output, spec.commandLine().getOut());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("config", options.config().toString());
        summary.put("valid", true);
        summary.put("environments", organization.environments().size());
        summary.put("pipelines", organization.pipelines().stream().map(PipelineGraph::name).toList());
        summary.put("defaultPipeline", organization.defaultPipeline().map(PipelineGraph::name).orElse(null));
        summary.put("projects", organization.spec().projects().size());
        if (output.json()) {
            output.json(summary);
        } else {
            spec.commandLine().getOut().println(options.config() + " is valid: "
                    + Output.count((Integer) summary.get("environments"), "environment") + ", pipelines "
                    + String.join(", ", organization.pipelines().stream()
                    .map(p -> p.name() + " (" + p.describe() + ")").toList())
                    + organization.defaultPipeline().map(p -> ", default " + p.name()).orElse("")
                    + ", " + Output.count((Integer) summary.get("projects"), "project"));
        }
        return ExitCodes.SUCCESS;
    }
}
