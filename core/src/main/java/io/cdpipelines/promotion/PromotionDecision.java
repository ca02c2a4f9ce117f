package io.cdpipelines.promotion;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Release;

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
}
