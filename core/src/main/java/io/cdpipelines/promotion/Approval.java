package io.cdpipelines.promotion;

import io.cdpipelines.model.Names;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A person's yes to a promotion, with the groups they belong to (an approver list may name a group). */
public record Approval(String approver, Set<String> groups, Instant at) {

    public Approval {
        Names.require("approver", approver, approver == null || approver.isBlank()
                ? Optional.of("is empty: name who approved, as USER or USER:GROUP,...")
                : Names.recordedTextProblem(approver));
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        for (String group : groups) {
            Names.require("approver", group, group.isBlank()
                    ? Optional.of("names an empty group: USER:GROUP,GROUP without empty entries")
                    : Names.recordedTextProblem(group));
        }
    }

    public static Approval by(String approver, String... groups) {
        return new Approval(approver, Set.of(groups), Instant.now());
    }
}
