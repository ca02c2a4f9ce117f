package io.cdpipelines.engine;

import io.cdpipelines.model.Deployment;

import java.util.Optional;

/**
 * One target of a fan-out: the deployment made there, or why it was refused; and when the deployment failed, the
 * automatic restore of what ran before, if the engine made one.
 */
public record PromotionResult(String environment, Optional<Deployment> deployment, Optional<RuntimeException> refusal,
                              Optional<Deployment> restore) {

    /** A result without a restore. */
    public PromotionResult(String environment, Optional<Deployment> deployment, Optional<RuntimeException> refusal) {
        this(environment, deployment, refusal, Optional.empty());
    }

    static PromotionResult deployed(String environment, Rollout rollout) {
        return new PromotionResult(environment, Optional.of(rollout.deployment()), Optional.empty(),
                rollout.restore());
    }

    static PromotionResult refused(String environment, RuntimeException refusal) {
        return new PromotionResult(environment, Optional.empty(), Optional.of(refusal), Optional.empty());
    }

    public boolean succeeded() {
        return deployment.map(Deployment::succeeded).orElse(false);
    }
}
