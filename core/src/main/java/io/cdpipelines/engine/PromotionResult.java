package io.cdpipelines.engine;

import io.cdpipelines.model.Deployment;

import java.util.Optional;

/** One target of a fan-out: the deployment made there, or why it was refused. */
public record PromotionResult(String environment, Optional<Deployment> deployment, Optional<RuntimeException> refusal) {

    static PromotionResult deployed(String environment, Deployment deployment) {
        return new PromotionResult(environment, Optional.of(deployment), Optional.empty());
    }

    static PromotionResult refused(String environment, RuntimeException refusal) {
        return new PromotionResult(environment, Optional.empty(), Optional.of(refusal));
    }

    public boolean succeeded() {
        return deployment.map(Deployment::succeeded).orElse(false);
    }
}
