package io.jenkins.plugins.cdpipelines.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import jenkins.model.Jenkins;

/**
 * Who may use the forms' checks and pickers: Overall/Manage for the organization (the permission its section of
 * Manage Jenkins › System requires), Item/Configure for a folder's project, Overall/Administer for the ledger's
 * database. To anyone else a check says nothing and a picker offers only the value already set.
 */
public final class FormPermissions {
    private FormPermissions() {
    }

    /** May configure the organization ({@code item} null) or the project of folder {@code item}. */
    public static boolean mayConfigure(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.MANAGE) : item.hasPermission(Item.CONFIGURE);
    }

    /** May configure where the ledger lives: a database address and its credential. */
    public static boolean mayConfigureLedger() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }
}
