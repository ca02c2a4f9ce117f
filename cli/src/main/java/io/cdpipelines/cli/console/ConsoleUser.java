package io.cdpipelines.cli.console;

import java.util.Set;

/** Who a console request acts as: a user name and the groups it belongs to (an approver list may name a group). */
public record ConsoleUser(String name, Set<String> groups) {
    public ConsoleUser {
        groups = Set.copyOf(groups);
    }
}
