package io.cdpipelines.promotion;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Slot;

import java.time.Instant;
import java.util.Optional;

/**
 * A promotion that passed every rule: which release goes where, along which pipeline and from which source, with the
 * configuration merged (environment, then project, then the call) and the namespace resolved.
 */
public record PromotionDecision(PromotionRequest request, Release release, String pipeline, Optional<String> source,
                                Environment target, DataPlane dataPlane, Configuration configuration,
                                String namespace, Optional<String> approvedBy) {

    public Slot slot() {
        return new Slot(request.project(), request.component(), target.name());
    }

    /** The deployment this decision makes, as the ledger starts it at {@code startedAt}. */
    public Deployment draft(Instant startedAt) {
        return new Deployment(0, slot(), dataPlane.name(), pipeline, source.orElse(null), release.revision(),
                release.image(), DeploymentKind.PROMOTION, null, ConfigurationSnapshot.of(configuration),
                DeploymentResult.IN_PROGRESS, request.trigger(), request.requestedBy(), approvedBy.orElse(null),
                request.buildReference(), startedAt, null, "");
    }
}
