package io.jenkins.plugins.cdpipelines;

import hudson.model.Item;
import hudson.model.Job;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import jenkins.model.Jenkins;

import java.util.Optional;
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
     * The permission deploying to {@code environment} takes (Promote to production for a production environment), if
     * the current authentication lacks it on {@code job}.
     */
    public static Optional<Permission> missingToDeploy(Job<?, ?> job, Organization organization, String environment) {
        boolean production = organization.environment(environment).map(Environment::production).orElse(false);
        Permission needed = production ? PROMOTE_PRODUCTION : PROMOTE;
        return job.getACL().hasPermission2(Jenkins.getAuthentication2(), needed) ? Optional.empty()
                : Optional.of(needed);
    }

    /** Loads the class early, so that the permissions exist before security configuration is read. */
    @Initializer(before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void register() {
        PROMOTE.getId();
    }
}
