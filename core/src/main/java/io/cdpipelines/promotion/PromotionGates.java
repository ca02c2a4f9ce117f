package io.cdpipelines.promotion;

import io.cdpipelines.ledger.RecordedState;
import io.cdpipelines.model.Protection;
import io.cdpipelines.model.Slot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The gates a decided promotion still has to pass at {@code now}: its source's soak, the target's approval. */
public final class PromotionGates {

    private PromotionGates() {
    }

    public static List<Gate> stillToPass(PromotionDecision decision, RecordedState state, Instant now) {
        Protection protection = decision.target().protection();
        List<Gate> gates = new ArrayList<>();
        decision.source().ifPresent(source -> {
            Duration soaked = state.stateOf(new Slot(decision.slot().project(), decision.slot().component(), source))
                    .healthyFor(now);
            if (soaked.compareTo(protection.minimumSoak()) < 0) {
                // in whole seconds, rounded up: a view polled within one second answers the same
                Duration left = Duration.ofSeconds((protection.minimumSoak().minus(soaked).toMillis() + 999) / 1000);
                gates.add(new Gate(Gate.Kind.SOAK, "soak: " + left.toMinutes() + "m more in " + source + " ("
                        + decision.target().name() + " requires " + protection.minimumSoak().toMinutes() + "m)",
                        Optional.of(left), List.of()));
            }
        });
        if (protection.approvalRequired()) {
            List<String> approvers = List.copyOf(new TreeSet<>(protection.approvers()));
            gates.add(new Gate(Gate.Kind.APPROVAL, "approval by one of " + String.join(", ", approvers)
                    + (protection.allowSelfApproval() ? "" : " (not the one who asks)"), Optional.empty(),
                    approvers));
        }
        return gates;
    }
}
