package io.cdpipelines.model;

import java.time.Duration;
import java.util.Set;

/**
 * The gates an environment puts before a promotion into it: approval by one of the approvers (user ids or group
 * names), optionally never by the one who asked, and a minimum time the release must have run healthy in the
 * source environment.
 */
public record Protection(boolean approvalRequired, Set<String> approvers, boolean allowSelfApproval,
                         Duration minimumSoak) {
    public static final Protection NONE = new Protection(false, Set.of(), false, Duration.ZERO);

    public Protection {
        approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
        minimumSoak = minimumSoak == null ? Duration.ZERO : minimumSoak;
        if (minimumSoak.isNegative()) {
            throw new InvalidInputException("minimumSoak", "must not be negative");
        }
    }
}
