package io.jenkins.plugins.cdpipelines;

import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.SecurityRealm;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import jenkins.model.Jenkins;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import hudson.init.InitMilestone;
import hudson.init.Initializer;

/**
 * The plugin's permissions: Promote (and roll back) on an item, and Promote to production for environments marked
 * production. Both are checked against the build's authentication.
 */
public final class CdPipelinesPermissions {
    public static final PermissionGroup GROUP = new PermissionGroup(CdPipelinesPermissions.class,
            Messages._Permissions_Group());
    public static final Permission PROMOTE = new Permission(GROUP, "Promote", Messages._Permissions_Promote(),
            Item.BUILD, true, new PermissionScope[] {PermissionScope.ITEM_GROUP, PermissionScope.ITEM});
    public static final Permission PROMOTE_PRODUCTION = new Permission(GROUP, "PromoteProduction",
            Messages._Permissions_PromoteProduction(), Item.CONFIGURE, true,
            new PermissionScope[] {PermissionScope.ITEM_GROUP, PermissionScope.ITEM});

    private CdPipelinesPermissions() {
    }

    /**
     * Why the build may not deploy to {@code environment}, if it may not: it needs Promote, or Promote to production
     * for an environment marked production, on its job. Checked against the identity the build runs as; a build that
     * runs as SYSTEM (no Authorize Project or other queue item authenticator) is checked against the person who
     * started it, or the build upstream of it. A build that no person started (a timer, an SCM push) and that runs as
     * SYSTEM is held to what anonymous may do, as a person who did not log in would be; into an environment that
     * needs approval it may go, as the approver is checked at the gate.
     */
    public static Optional<String> refusalToDeploy(Run<?, ?> run, Organization organization, String environment) {
        Optional<Environment> target = organization.environment(environment);
        Permission needed = needed(organization, environment);
        Authentication who = Jenkins.getAuthentication2();
        boolean unattended = false;
        if (ACL.SYSTEM_USERNAME.equals(who.getName())) {
            Optional<String> person = StartedBy.person(run);
            if (person.isPresent()) {
                who = authenticationOf(person.get());
            } else if (target.map(t -> t.protection().approvalRequired()).orElse(false)) {
                return Optional.empty();
            } else {
                who = Jenkins.ANONYMOUS2;
                unattended = true;
            }
        }
        if (run.getParent().getACL().hasPermission2(who, needed)) {
            return Optional.empty();
        }
        return Optional.of(unattended
                ? "no person started this build and " + run.getParent().getFullName() + " runs as SYSTEM, so it may "
                + "do what anonymous may, and anonymous lacks the " + needed.name + " permission for " + environment
                + ": run the job as a user who has it (Authorize Project), or require approval on " + environment
                : who.getName() + " lacks the " + needed.name + " permission on " + run.getParent().getFullName()
                + " for " + environment);
    }

    /**
     * Why the signed-in user may not promote or roll back into {@code environment} from the Deploy page of
     * {@code item}, if they may not: the permissions the steps check, Promote, or Promote to production for an
     * environment marked production.
     */
    public static Optional<String> refusalToPromote(hudson.model.Item item, Organization organization,
                                                    String environment) {
        Permission needed = needed(organization, environment);
        return item.hasPermission(needed) ? Optional.empty()
                : Optional.of(Jenkins.getAuthentication2().getName() + " lacks the " + needed.name + " permission on "
                + item.getFullName() + " for " + environment);
    }

    /** Promote, or Promote to production for an environment marked production. */
    private static Permission needed(Organization organization, String environment) {
        return organization.environment(environment).map(Environment::production).orElse(false)
                ? PROMOTE_PRODUCTION : PROMOTE;
    }

    /** The person as the security realm knows them, with their groups, as {@code User.impersonate2} would. */
    private static Authentication authenticationOf(String userId) {
        try {
            UserDetails details = Jenkins.get().getSecurityRealm().loadUserByUsername2(userId);
            return new UsernamePasswordAuthenticationToken(details.getUsername(), "", details.getAuthorities());
        } catch (UsernameNotFoundException | UnsupportedOperationException e) {
            // a realm that cannot look users up: the id alone, as an authenticated user without groups
            return new UsernamePasswordAuthenticationToken(userId, "", Set.of(SecurityRealm.AUTHENTICATED_AUTHORITY2));
        }
    }

    /** Loads the class early, so that the permissions exist before security configuration is read. */
    @Initializer(before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void register() {
        PROMOTE.getId();
    }
}
