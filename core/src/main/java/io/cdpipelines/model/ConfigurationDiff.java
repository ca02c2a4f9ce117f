package io.cdpipelines.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a deployment would change in an environment's configuration: keys added, changed and removed, for variables,
 * files and secret references. Secrets are compared by reference only; no value is ever read for a diff.
 */
public record ConfigurationDiff(List<String> added, List<String> changed, List<String> removed) {

    public ConfigurationDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public static ConfigurationDiff between(Configuration before, Configuration after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        compare("variable ", before.variables(), after.variables(), added, changed, removed);
        compare("file ", before.files(), after.files(), added, changed, removed);
        compare("secret ", before.secrets(), after.secrets(), added, changed, removed);
        return new ConfigurationDiff(added, changed, removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    private static <V> void compare(String kind, Map<String, V> before, Map<String, V> after, List<String> added,
                                    List<String> changed, List<String> removed) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!before.containsKey(key)) {
                added.add(kind + key);
            } else if (!after.containsKey(key)) {
                removed.add(kind + key);
            } else if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(kind + key);
            }
        }
    }
}
