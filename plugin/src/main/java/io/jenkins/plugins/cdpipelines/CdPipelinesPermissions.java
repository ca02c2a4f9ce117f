package io.jenkins.plugins.cdpipelines;

import hudson.model.Item;
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

    /** Loads the class early, so that the permissions exist before security configuration is read. */
    @Initializer(before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void register() {
        PROMOTE.getId();
    }
}
