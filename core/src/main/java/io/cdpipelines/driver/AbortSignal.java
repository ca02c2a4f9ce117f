package io.cdpipelines.driver;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A request to stop waiting for a deployment: an abort, from whoever started it (a Jenkins build being stopped), or
 * a suspension, from the host shutting down, which leaves the deployment under way to be resumed later. It is
 * cooperative, not an interrupt: objects being applied are all applied (never half of them), only the wait for the
 * rollout stops, and a deployment not yet started is not started.
 */
public final class AbortSignal {
    private final CompletableFuture<Raised> raised = new CompletableFuture<>();

    /** How and why the signal was raised. */
    private record Raised(boolean suspension, String reason) {
    }

    /** A signal to hand to the deployments that it may stop. */
    public AbortSignal() {
        // raised later, if at all
    }

    /** A signal nobody holds, so never raised, for callers that cannot abort. */
    public static AbortSignal none() {
        return new AbortSignal();
    }

    /** Aborts: the deployment waited for is recorded as failed, aborted. The first raise wins. */
    public void abort(String why) {
        raised.complete(new Raised(false, why == null || why.isBlank() ? "aborted" : why));
    }

    /** Suspends: the deployment waited for stays under way in the ledger, to be resumed. The first raise wins. */
    public void suspend(String why) {
        raised.complete(new Raised(true, why == null || why.isBlank() ? "suspended" : why));
    }

    public boolean raised() {
        return raised.isDone();
    }

    public boolean suspended() {
        return raised.isDone() && raised.join().suspension();
    }

    public Optional<String> reason() {
        return Optional.ofNullable(raised.getNow(null)).map(Raised::reason);
    }

    /** Completes with the reason when the signal is raised, for waits that also wait on something else. */
    public CompletableFuture<String> whenRaised() {
        return raised.thenApply(Raised::reason);
    }
}
