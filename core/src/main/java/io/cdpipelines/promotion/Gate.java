package io.cdpipelines.promotion;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a promotion that the rules allow still waits for, which only time or people pass: the source soaking long
 * enough, or an approval. {@code words} say it as a person reads it.
 */
public record Gate(Kind kind, String words, Optional<Duration> remaining, List<String> approvers) {

    /** The kinds of gate. */
    public enum Kind {
        SOAK,
        APPROVAL
    }

    public Gate {
        approvers = List.copyOf(approvers);
    }
}
