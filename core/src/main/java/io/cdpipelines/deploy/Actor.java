package io.cdpipelines.deploy;

import java.util.Set;

/** Who acts in the deploy view, as the host authenticated them: a user name and the groups it belongs to. */
public record Actor(String name, Set<String> groups) {
    public Actor {
        groups = Set.copyOf(groups);
    }
}
