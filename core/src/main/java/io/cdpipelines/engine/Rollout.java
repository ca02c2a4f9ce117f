package io.cdpipelines.engine;

import io.cdpipelines.model.Deployment;

import java.util.Optional;

/** A deployment run to its end, and the automatic restore of what ran before when it failed and one was made. */
record Rollout(Deployment deployment, Optional<Deployment> restore) {
}
