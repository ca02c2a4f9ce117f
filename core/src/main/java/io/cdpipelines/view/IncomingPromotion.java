package io.cdpipelines.view;

import io.cdpipelines.model.ConfigurationDiff;
import io.cdpipelines.promotion.Gate;

import java.util.List;
import java.util.Optional;

/**
 * The promotion that would come next into an environment, as the rules see it now: from which source, which release
 * (its digest and revision), how the configuration would change (key names only, never a secret's value), and
 * whether it can go now, waits at gates, is refused (in the rule's own words), or has nothing new to bring; and
 * the request for its approval that waits, if one does.
 */
public record IncomingPromotion(Status status, Optional<String> source, Optional<String> revision,
                                Optional<String> digest, ConfigurationDiff configuration, List<Gate> gates,
                                Optional<String> refusal, Optional<ApprovalCard> approval) {

    /** Where the promotion stands. */
    public enum Status {
        /** The rules allow it, no gate stands: it can go now. */
        READY,
        /** The rules allow it, but it waits for a soak or an approval. */
        GATED,
        /** A rule refuses it: {@link #refusal()} says which and the way on. */
        REFUSED,
        /** The environment runs what would come already, with the same configuration. */
        UP_TO_DATE,
        /** Nothing to promote: the sources run nothing, or no release is recorded. */
        NOTHING_TO_PROMOTE
    }

    public IncomingPromotion {
        gates = List.copyOf(gates);
        approval = approval == null ? Optional.empty() : approval;
    }

    IncomingPromotion waiting(Optional<ApprovalCard> request) {
        return new IncomingPromotion(status, source, revision, digest, configuration, gates, refusal, request);
    }

    static IncomingPromotion nothing(String why) {
        return new IncomingPromotion(Status.NOTHING_TO_PROMOTE, Optional.empty(), Optional.empty(), Optional.empty(),
                ConfigurationDiff.between(io.cdpipelines.model.Configuration.EMPTY,
                        io.cdpipelines.model.Configuration.EMPTY), List.of(), Optional.of(why), Optional.empty());
    }
}
