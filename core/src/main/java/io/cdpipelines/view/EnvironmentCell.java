package io.cdpipelines.view;

import java.util.Optional;

/**
 * One component in one environment: the deployment that runs there, the last attempt beside it when that one failed
 * or is still running, and the promotion that would come next into it.
 */
public record EnvironmentCell(String environment, Optional<DeploymentCard> running,
                              Optional<DeploymentCard> lastAttempt, IncomingPromotion next) {
}
