package io.cdpipelines.engine;

import io.cdpipelines.model.ConfigurationDiff;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.promotion.PromotionDecision;

import java.util.ArrayList;
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

    /**
     * The preview in lines, as {@code cdp preview} prints it and an approver reads it: the promotion, the image
     * from and to, each configuration key added (+), changed (~) or removed (-), the driver's object changes and
     * the gates still to pass.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("promote " + decision.slot().component() + " to " + decision.target().name() + " along "
                + decision.pipeline() + decision.source().map(s -> " from " + s).orElse(""));
        lines.add("  image: " + running.map(d -> d.image().digest().shortForm()).orElse("(none)") + " -> "
                + decision.release().digest().shortForm() + (changesImage() ? "" : " (unchanged)") + "  revision "
                + decision.release().revision());
        configuration.added().forEach(key -> lines.add("  + " + key));
        configuration.changed().forEach(key -> lines.add("  ~ " + key));
        configuration.removed().forEach(key -> lines.add("  - " + key));
        if (configuration.isEmpty()) {
            lines.add("  configuration unchanged");
        }
        objects.forEach(line -> lines.add("  " + line));
        gates.forEach(gate -> lines.add("  needs " + gate));
        return lines;
    }

    /** Whether the digest would change: a new release, not only new configuration. */
    public boolean changesImage() {
        return running.map(d -> !d.image().equals(decision.release().image())).orElse(true);
    }
}
