package io.cdpipelines.driver;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A request, from whoever started a deployment (a Jenkins build being aborted, say), to stop waiting for it. It is
 * cooperative, not an interrupt: objects being applied are all applied (never half of them), and only the wait for
 * the rollout stops; a deployment not yet started is not started.
 */
public final class AbortSignal {
    private final CompletableFuture<String> reason = new CompletableFuture<>();

    /** A signal to hand to the deployments that it may stop. */
    public AbortSignal() {
        // raised later, if at all, by abort
    }

    /** A signal nobody holds, so never raised, for callers that cannot abort. */
    public static AbortSignal none() {
        return new AbortSignal();
    }

    /** Raises the signal; the first reason given is the one reported. */
    public void abort(String why) {
        reason.complete(why == null || why.isBlank() ? "aborted" : why);
    }

    public boolean aborted() {
        return reason.isDone();
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason.getNow(null));
    }

    /** Completes with the reason when the signal is raised, for waits that also wait on something else. */
    public CompletableFuture<String> whenAborted() {
        return reason.copy();
    }
}
