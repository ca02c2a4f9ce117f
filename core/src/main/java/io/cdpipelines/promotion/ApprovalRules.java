package io.cdpipelines.promotion;

import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Protection;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may decide a promotion into a protected environment: one of its approvers — listed by name, or a member of a
 * listed group — and not the one who asked for it, unless the environment allows that. Every host asks these rules
 * (the engine, the console, Jenkins); a host only tells who the user is and which groups it is in.
 */
public final class ApprovalRules {

    private ApprovalRules() {
    }

    /** Why {@code user} (in {@code groups}) may not decide a promotion into {@code target} that {@code requester} asked for. */
    public static Optional<String> refusal(Environment target, String user, Set<String> groups, String requester) {
        return refusal(target, user, groups, requester, ApproverMatching.AS_WRITTEN);
    }

    /** As {@link #refusal(Environment, String, Set, String)}, comparing names as {@code matching} does. */
    public static Optional<String> refusal(Environment target, String user, Set<String> groups, String requester,
                                           ApproverMatching matching) {
        Protection protection = target.protection();
        if (!protection.approvalRequired()) {
            return Optional.of(target.name() + " requires no approval");
        }
        if (matchedEntries(target, user, groups, matching).isEmpty()) {
            return Optional.of(user + " is not among the approvers of " + target.name() + " ("
                    + String.join(", ", new TreeSet<>(protection.approvers())) + ")");
        }
        if (!protection.allowSelfApproval() && matching.sameUser(user, requester)) {
            return Optional.of(user + " asked for this promotion and may not approve it too");
        }
        return Optional.empty();
    }

    /**
     * The entries of {@code target}'s approvers that name {@code user} or one of its groups, as {@code matching}
     * compares: a host adds them to the user's groups, so that the engine, which compares as written, agrees.
     */
    public static Set<String> matchedEntries(Environment target, String user, Set<String> groups,
                                             ApproverMatching matching) {
        Set<String> matched = new TreeSet<>();
        for (String approver : target.protection().approvers()) {
            if (matching.names(approver, user, groups)) {
                matched.add(approver);
            }
        }
        return matched;
    }

    static boolean listed(Protection protection, String user, Set<String> groups) {
        return protection.approvers().stream().anyMatch(approver -> ApproverMatching.AS_WRITTEN.names(approver,
                user, groups));
    }
}
