package io.cdpipelines.cli;

import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.driver.AbortSignal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A subcommand that works on the workspace the global options name, printing in the chosen format. Interrupted
 * (Ctrl-C, SIGTERM) while it waits for a rollout, it aborts the wait and records the deployment as aborted before
 * the process ends, rather than leaving it under way.
 */
abstract class WorkspaceCommand implements Callable<Integer> {
    /** How long an interrupted command may take to record what it was doing. */
    private static final long RECORD_SECONDS = 20;

    @Spec
    CommandSpec spec;

    /** Raised when the process is asked to stop; deployments stop waiting and are recorded as aborted. */
    final AbortSignal interruption = new AbortSignal();

    Cdp options() {
        return (Cdp) spec.root().userObject();
    }

    Output output() {
        return new Output(options().output, spec.commandLine().getOut());
    }

    @Override
    public Integer call() {
        CountDownLatch recorded = new CountDownLatch(1);
        Thread onStop = new Thread(() -> {
            interruption.abort("cdp was interrupted");
            try {
                recorded.await(RECORD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cdp-interrupted");
        Runtime.getRuntime().addShutdownHook(onStop);
        try (Workspace workspace = Workspace.open(options())) {
            return run(workspace, output());
        } finally {
            recorded.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already, and now returns
            }
        }
    }

    abstract int run(Workspace workspace, Output output);

    static String user(String given) {
        if (given != null && given.isBlank()) {
            throw new InvalidInputException("--by", "is empty: name who asks, or leave --by out to be $USER");
        }
        if (given != null) {
            return given;
        }
        String name = System.getenv("USER");
        return name == null || name.isBlank() ? System.getProperty("user.name", "") : name;
    }
}
