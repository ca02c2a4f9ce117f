package io.cdpipelines.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A subcommand that works on the workspace the global options name, printing in the chosen format. */
abstract class WorkspaceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Cdp options() {
        return (Cdp) spec.root().userObject();
    }

    Output output() {
        return new Output(options().output, spec.commandLine().getOut());
    }

    @Override
    public Integer call() {
        try (Workspace workspace = Workspace.open(options())) {
            return run(workspace, output());
        }
    }

    abstract int run(Workspace workspace, Output output);

    static String user(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String name = System.getenv("USER");
        return name == null || name.isBlank() ? System.getProperty("user.name", "") : name;
    }
}
