package io.cdpipelines.promotion;

import java.util.Set;

/**
 * How a host compares names: whether an entry of an environment's approvers names a user (or one of its groups), and
 * whether two user names are one user. Jenkins compares as its security realm does (most ignore case); the engine
 * and the console compare names as written.
 */
public interface ApproverMatching {

    /** Names as written, exactly. */
    ApproverMatching AS_WRITTEN = new ApproverMatching() {
        @Override
        public boolean names(String approver, String user, Set<String> groups) {
            return approver.equals(user) || groups.contains(approver);
        }

        @Override
        public boolean sameUser(String one, String other) {
            return one.equals(other);
        }
    };

    boolean names(String approver, String user, Set<String> groups);

    boolean sameUser(String one, String other);
}
