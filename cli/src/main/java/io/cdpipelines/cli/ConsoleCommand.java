package io.cdpipelines.cli;

import io.cdpipelines.cli.console.ConsoleServer;
import io.cdpipelines.cli.console.ConsoleTokens;
import io.cdpipelines.cli.console.ConsoleUser;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Set;

/** Serves the deploy view's API over the workspace, until interrupted. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Serve the deploy view and its JSON API over this data directory (loopback by default; every "
                + "request needs the token printed at start, or one of --users).",
        footer = {"", "Examples:", "  cdp console", "  cdp console --port 9000",
                "  cdp console --bind 10.0.0.5 --users team-users.txt", "  cdp console --new-token alice"})
final class ConsoleCommand extends WorkspaceCommand {
    /** How long an action of the console waits for a slot another deployment holds, before it says who holds it. */
    static final java.time.Duration SLOT_WAIT = java.time.Duration.ofSeconds(5);

    @Option(names = "--port", paramLabel = "N", defaultValue = "8484",
            description = "the port to serve on (default: ${DEFAULT-VALUE}; 0: any free one)")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address to serve on, as clients name it (default: ${DEFAULT-VALUE}, this machine only)")
    String bind;

    @Option(names = "--users", paramLabel = "FILE",
            description = "a users file: lines 'sha256:<token's SHA-256> USER [GROUP,...]' (see --new-token)")
    Path users;

    @Option(names = "--new-token", paramLabel = "USER",
            description = "print a new token for USER and its users-file line, then exit")
    String newTokenFor;

    @Override
    int run(Workspace workspace, Output output) {
        if (newTokenFor != null) {
            Names.require("--new-token", newTokenFor, Names.recordedTextProblem(newTokenFor));
            String token = ConsoleTokens.newToken();
            output.progress("token (give it to " + newTokenFor + "; it is not kept): " + token);
            output.progress("users file line: sha256:" + ConsoleTokens.sha256(token) + " " + newTokenFor);
            return ExitCodes.SUCCESS;
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port", port + " is no port: give 1 to 65535, or 0 for any free one");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--bind", "'" + bind + "' is no address of this machine: give an IP "
                    + "address or host name it answers to (default 127.0.0.1)");
        }
        String token = ConsoleTokens.newToken();
        ConsoleTokens tokens = new ConsoleTokens().allow(token, new ConsoleUser(user(null), Set.of()));
        if (users != null) {
            tokens.allowFrom(users);
        }
        try (ConsoleServer server = ConsoleServer.start(workspace.engineWaitingAtMost(SLOT_WAIT), tokens,
                new InetSocketAddress(address, port))) {
            output.progress("cdp console: serving " + workspace.dataDirectory + " at " + server.url(token));
            output.progress("cdp console: open that address to sign in (its token is printed only here); Ctrl-C stops");
            interruption.whenRaised().join();
            return ExitCodes.SUCCESS;
        } catch (java.net.BindException e) {
            throw new InvalidInputException("--port", "the console cannot serve on " + bind + ":" + port + " ("
                    + e.getMessage() + "): give another --port, or 0 for any free one");
        } catch (IOException e) {
            throw new UncheckedIOException("the console could not serve on " + bind + ":" + port + " ("
                    + e.getMessage() + ")", e);
        }
    }
}
