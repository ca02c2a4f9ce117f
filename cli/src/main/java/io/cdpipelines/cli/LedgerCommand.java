package io.cdpipelines.cli;

import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.LedgerAddress;
import io.cdpipelines.ledger.LedgerMigration;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cdp ledger}: where the record of what runs where is kept. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Move the ledger to a shared database.",
        subcommands = {LedgerCommand.Migrate.class})
final class LedgerCommand {

    /** Moves the data directory's own ledger into an empty shared one. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Move the data directory's own ledger (SQLite) into an empty shared one (PostgreSQL): "
                    + "every release, deployment (with its number) and what runs where, in one transaction, "
                    + "counted on both sides. The data directory's ledger is left as it was.",
            footer = {"", "Example:", "  CDP_LEDGER_PASSWORD_FILE=~/.cdp-ledger cdp ledger migrate --to "
                    + "postgresql://db.example.com/cdp --ledger-user cdp"})
    static final class Migrate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "the shared ledger, postgresql://host[:port]/database (empty; its tables are made)")
        String to;

        @Override
        public Integer call() {
            Cdp options = (Cdp) spec.root().userObject();
            LedgerAddress.Shared target = LedgerAddress.parseShared("--to", to, Cdp.LEDGER_CREDENTIALS_GO);
            Path dataDirectory = options.dataDirectory().toAbsolutePath().normalize();
            LedgerAddress.Embedded source = new LedgerAddress.Embedded(dataDirectory);
            if (!Files.exists(dataDirectory.resolve(SqliteLedger.FILE_NAME))) {
                throw new InvalidInputException("--data-dir", "there is no ledger in " + dataDirectory
                        + " to move: give the data directory that holds " + SqliteLedger.FILE_NAME);
            }
            LedgerMigration.Report report;
            try (Ledger from = source.open(LedgerAddress.Credentials.NONE, options.lockTimeout);
                 Ledger into = target.open(options.ledgerCredentials(), options.lockTimeout)) {
                report = LedgerMigration.copy(from, into, source.describe(), target.describe());
            }
            Output output = new Output(options.output, spec.commandLine().getOut());
            if (output.json()) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("from", source.describe());
                summary.put("to", target.describe());
                summary.put("rows", report.rows());
                output.json(summary);
            } else {
                spec.commandLine().getOut().println("moved " + Output.count(report.rows().get("releases").intValue(),
                        "release") + ", " + Output.count(report.rows().get("deployments").intValue(), "deployment")
                        + " and " + Output.count(report.rows().get("current").intValue(), "slot") + " from "
                        + source.describe() + " to " + target.describe() + "; counted on both sides.");
                spec.commandLine().getOut().println("From now on give --ledger " + target.describe()
                        + " (or set CDP_LEDGER) on every host; " + source.describe() + " is left as it was.");
            }
            return ExitCodes.SUCCESS;
        }
    }
}
