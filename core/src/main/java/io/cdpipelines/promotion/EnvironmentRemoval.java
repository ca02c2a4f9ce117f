package io.cdpipelines.promotion;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.RuleViolationException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An environment leaves the configuration only when nothing runs there: removing one with running workloads would
 * orphan them (no drift check, no rollback, hidden from the board). What runs there is named, with the way out.
 */
public final class EnvironmentRemoval {
    private EnvironmentRemoval() {
    }

    /** Refuses {@code next} when the board shows something running in an environment it no longer defines. */
    public static void check(Organization next, List<Deployment> board) {
        Map<String, List<Deployment>> orphaned = new TreeMap<>(board.stream()
                .filter(d -> next.environment(d.environment()).isEmpty())
                .collect(Collectors.groupingBy(Deployment::environment)));
        if (orphaned.isEmpty()) {
            return;
        }
        String what = orphaned.entrySet().stream().map(e -> "environment " + e.getKey() + " still runs "
                + e.getValue().stream().map(d -> d.slot().project() + "/" + d.slot().component() + " #" + d.id())
                .collect(Collectors.joining(", "))).collect(Collectors.joining("; "));
        throw new RuleViolationException(what + ": keep the environment until they are retired - remove their "
                + "workloads from the data plane, then retire each (cdp retire --project P --component C "
                + "--environment E), which checks they are gone; their history stays");
    }
}
