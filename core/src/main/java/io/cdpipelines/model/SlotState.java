package io.cdpipelines.model;


import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One component in one environment: the deployment running now (the last that succeeded) and the last one tried,
 * which may have failed since.
 */
public record SlotState(Optional<Deployment> current, Optional<Deployment> lastAttempt) {
    public static final SlotState NEVER_DEPLOYED = new SlotState(Optional.empty(), Optional.empty());

    /** Runs {@code digest}, and nothing tried after it failed. */
    public boolean healthyWith(ImageDigest digest) {
        return current.filter(d -> d.image().digest().equals(digest)).isPresent()
                && lastAttempt.map(d -> d.result() == DeploymentResult.SUCCEEDED).orElse(false);
    }

    /** How long the current deployment has run healthy at {@code now}. */
    public Duration healthyFor(Instant now) {
        return current.map(d -> Duration.between(d.finishedAt(), now)).orElse(Duration.ZERO);
    }

    /** A person rolled the environment back; an automatic restore after a failed rollout holds nothing. */
    public boolean heldByRollback() {
        return current.map(d -> d.kind() == DeploymentKind.ROLLBACK && d.trigger() == Trigger.MANUAL).orElse(false);
    }

    /** In words, for messages: what the environment runs, or why nothing healthy runs there. */
    public String describe() {
        if (lastAttempt.isPresent() && lastAttempt.get().result().unsuccessful()) {
            return "its last deployment #" + lastAttempt.get().id()
                    + (lastAttempt.get().abandoned() ? " was abandoned" : " failed");
        }
        return current.map(d -> "it runs " + d.image().digest().shortForm() + " (deployment #" + d.id() + ")")
                .orElse("nothing was deployed there yet");
    }
}
