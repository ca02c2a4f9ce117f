package io.jenkins.plugins.cdpipelines.deploy;

import io.cdpipelines.promotion.ApproverMatching;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;

import java.util.Set;

/**
 * Names compared as the security realm compares them (most ignore case: "Alice" listed is alice signed in), for
 * users and for groups each with its own strategy.
 */
final class RealmApproverMatching implements ApproverMatching {

    @Override
    public boolean names(String approver, String user, Set<String> groups) {
        IdStrategy users = Jenkins.get().getSecurityRealm().getUserIdStrategy();
        IdStrategy groupIds = Jenkins.get().getSecurityRealm().getGroupIdStrategy();
        return users.equals(approver, user) || groups.stream().anyMatch(group -> groupIds.equals(approver, group));
    }

    @Override
    public boolean sameUser(String one, String other) {
        return Jenkins.get().getSecurityRealm().getUserIdStrategy().equals(one, other);
    }
}
