package io.cdpipelines.cli;

import io.cdpipelines.driver.DataPlaneUnreachableException;
import io.cdpipelines.ledger.LedgerAddress;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.InputLimits;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.RuleViolationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/** {@code cdp}: build once, promote — the engine of CD Pipelines for Jenkins from a shell. */
@Command(name = "cdp", mixinStandardHelpOptions = true, version = "cdp 0.1.0",
        description = "Build once, promote: record an image built once, promote its digest along a CD pipeline, "
                + "roll back, and see what runs where.",
        subcommands = {QuickstartCommand.class, ValidateCommand.class, ReleaseCommand.class, PromoteCommand.class,
                RollbackCommand.class, RetireCommand.class, StatusCommand.class, HistoryCommand.class,
                PreviewCommand.class, DriftCommand.class, LedgerCommand.class, ApprovalsCommand.class, ApproveCommand.class, RejectCommand.class,
                ConsoleCommand.class},
        footer = {"", "Exit codes: 0 success, 1 deployment failed, 2 bad input, 3 refused by a rule, "
                + "4 storage error (ledger or repository), 5 drift found, 6 a data plane could not be reached, "
                + "70 internal error.",
                "", "Example:", "  cdp quickstart", "  cdp --data-dir .cdp status"})
public final class Cdp {
    /** Where a shared ledger's user and password are given, for messages. */
    static final String LEDGER_CREDENTIALS_GO = "--ledger-user (or CDP_LEDGER_USER), and CDP_LEDGER_PASSWORD or "
            + "--ledger-password-file";

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the organization YAML (default: $CDP_CONFIG, else <data-dir>/organization.yaml)")
    Path config;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "where the ledger and the local GitOps repository live (default: $CDP_DATA_DIR, else .cdp)")
    Path dataDirectory;

    @Option(names = "--ledger", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "a shared ledger, postgresql://host[:port]/database, that several hosts use as one record "
                    + "(default: $CDP_LEDGER, else the data directory's own); its password comes from "
                    + "$CDP_LEDGER_PASSWORD or --ledger-password-file, never from the command line")
    String ledger;

    @Option(names = "--ledger-user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "the shared ledger's user (default: $CDP_LEDGER_USER, else your user name)")
    String ledgerUser;

    @Option(names = "--ledger-password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "a file holding the shared ledger's password (default: $CDP_LEDGER_PASSWORD_FILE; "
                    + "or give the password itself in $CDP_LEDGER_PASSWORD)")
    Path ledgerPasswordFile;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "text (aligned tables) or json (for scripts); default: ${DEFAULT-VALUE}", defaultValue = "text")
    Output.Format output;

    @Option(names = "--lock-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "how long to wait for another process holding the ledger (default: ${DEFAULT-VALUE})",
            defaultValue = "30s", converter = DurationConverter.class)
    Duration lockTimeout;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command with its output and errors going to {@code out} and {@code err}: the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Cdp());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(Cdp::handle);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            CommandLine command = e.getCommandLine();
            CommandLine.ParameterException reported = e;
            if (!(e instanceof CommandLine.UnmatchedArgumentException) && !command.getUnmatchedArguments().isEmpty()) {
                // a misspelt option is why another one is missing: say what was not understood
                reported = new CommandLine.UnmatchedArgumentException(command, command.getUnmatchedArguments());
            }
            String hint = reported instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()
                    ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)" : "";
            command.getErr().println("cdp: " + reported.getMessage() + hint);
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        return commandLine.execute(args);
    }

    /** The command as the user typed it ({@code ./cdp} from the launcher at the root), for the hints it prints. */
    static String invokedAs() {
        String command = System.getenv("CDP_COMMAND");
        return command == null || command.isBlank() ? "cdp" : command;
    }

    Path dataDirectory() {
        if (dataDirectory != null) {
            if (dataDirectory.toString().isBlank()) {
                // Path.of("") is the current directory: a ledger and a Git repository would land wherever cdp ran
                throw new InvalidInputException("--data-dir", "is empty: give the folder for the ledger and the local "
                        + "GitOps repository, or leave the option out for .cdp");
            }
            return dataDirectory;
        }
        String fromEnvironment = System.getenv("CDP_DATA_DIR");
        return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? ".cdp" : fromEnvironment);
    }

    /** The ledger to use: the shared one --ledger or $CDP_LEDGER names, else the data directory's own. */
    LedgerAddress ledgerAddress() {
        String shared = ledger != null ? ledger : System.getenv("CDP_LEDGER");
        if (shared == null || shared.isBlank()) {
            return new LedgerAddress.Embedded(dataDirectory().toAbsolutePath().normalize());
        }
        return LedgerAddress.parseShared(ledger != null ? "--ledger" : "CDP_LEDGER", shared, LEDGER_CREDENTIALS_GO);
    }

    /** The shared ledger's user and password, from the options and the environment; never from an argument. */
    LedgerAddress.Credentials ledgerCredentials() {
        String user = firstOf(ledgerUser, System.getenv("CDP_LEDGER_USER"), System.getProperty("user.name"));
        String fileName = ledgerPasswordFile != null ? ledgerPasswordFile.toString()
                : System.getenv("CDP_LEDGER_PASSWORD_FILE");
        String fromEnvironment = System.getenv("CDP_LEDGER_PASSWORD");
        if (fileName != null && !fileName.isBlank()) {
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                throw new InvalidInputException("--ledger-password-file", "both a password file and "
                        + "CDP_LEDGER_PASSWORD are given: give one");
            }
            String password = InputLimits.readText("--ledger-password-file", Path.of(fileName),
                    InputLimits.VALUE_BYTES);
            return new LedgerAddress.Credentials(user, password.strip());
        }
        return new LedgerAddress.Credentials(user, fromEnvironment);
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    Path config() {
        if (config != null) {
            return config;
        }
        String fromEnvironment = System.getenv("CDP_CONFIG");
        return fromEnvironment == null || fromEnvironment.isBlank() ? dataDirectory().resolve("organization.yaml")
                : Path.of(fromEnvironment);
    }

    /** One clear message on stderr and an exit code per kind of failure; a stack trace only with --debug. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Cdp cdp = commandLine.getCommandSpec().root().userObject() instanceof Cdp root ? root : new Cdp();
        PrintWriter err = commandLine.getErr();
        int code;
        if (e instanceof InvalidInputException) {
            code = ExitCodes.BAD_INPUT;
        } else if (e instanceof RuleViolationException) {
            code = ExitCodes.REFUSED;
        } else if (e instanceof DataPlaneUnreachableException) {
            code = ExitCodes.UNREACHABLE;
        } else if (e instanceof LedgerException || e instanceof UncheckedIOException) {
            code = ExitCodes.STORAGE;
        } else {
            code = ExitCodes.INTERNAL;
        }
        err.println("cdp: " + (code == ExitCodes.INTERNAL ? "internal error: " + e : e.getMessage()));
        if (cdp.debug) {
            e.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL) {
            err.println("(run again with --debug for the stack trace, and report it)");
        }
        err.flush();
        return code;
    }

    /** Reads 30s, 5m, 1h or ISO-8601 (PT30S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (text.matches("\\d+(ms|s|m|h)")) {
                long amount = Long.parseLong(text.replaceAll("[a-z]+$", ""));
                return switch (text.replaceAll("^\\d+", "")) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write 30s, 5m, 1h");
            }
        }
    }
}
