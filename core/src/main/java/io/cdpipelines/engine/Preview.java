package io.cdpipelines.engine;

import io.cdpipelines.model.ConfigurationDiff;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.promotion.PromotionDecision;

import java.util.List;
import java.util.Optional;

/**
 * What a promotion would change before it happens: the decision, what runs in the target now, the configuration
 * keys added, changed and removed (secret values never shown), the driver's object-level changes and the gates
 * still to pass (an approval).
 */
public record Preview(PromotionDecision decision, Optional<Deployment> running, ConfigurationDiff configuration,
                      List<String> objects, List<String> gates) {

    public Preview {
        objects = List.copyOf(objects);
        gates = List.copyOf(gates);
    }

    /** Whether the digest would change: a new release, not only new configuration. */
    public boolean changesImage() {
        return running.map(d -> !d.image().equals(decision.release().image())).orElse(true);
    }
}
