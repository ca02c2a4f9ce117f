package io.cdpipelines.promotion;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.RuleViolationException;

import java.util.List;
import java.util.Optional;

/**
 * Which earlier deployment a rollback restores: the one that succeeded before the current one, or a named one of the
 * same component and environment that succeeded. No approval or soak applies: what is restored already ran there.
 * When the newest deployment failed or was aborted after the current one, the environment may run neither, so the
 * current one is what a rollback restores. After a retirement nothing runs: only a named deployment can be restored.
 */
public final class RollbackPolicy {

    private RollbackPolicy() {
    }

    /**
     * @param history the key's deployments, newest first
     * @param number  the deployment to restore, or empty for the one before the current
     */
    public static Deployment choose(Slot key, List<Deployment> history, Optional<Long> number) {
        // a retirement took the workload off the data plane: what ran before it runs no more
        Optional<Deployment> retirement = history.stream().filter(d -> d.kind() == DeploymentKind.RETIREMENT)
                .findFirst();
        List<Deployment> sinceRetirement = retirement.map(r -> history.subList(0, history.indexOf(r)))
                .orElse(history);
        Optional<Deployment> current = sinceRetirement.stream().filter(Deployment::ran).findFirst();
        boolean unsettled = !sinceRetirement.isEmpty() && !sinceRetirement.get(0).succeeded()
                && current.map(c -> sinceRetirement.get(0).id() > c.id()).orElse(true);
        if (number.isPresent() && number.get() < 1) {
            throw new InvalidInputException("to", number.get() + " is not a deployment number: give the # of one of "
                    + "its earlier deployments (see its history)");
        }
        if (number.isPresent()) {
            Deployment chosen = history.stream().filter(d -> d.id() == number.get()).findFirst()
                    .orElseThrow(() -> new RuleViolationException("deployment #" + number.get() + " is not a deployment of "
                            + key + ": roll back to one of its own earlier deployments"));
            if (chosen.kind() == DeploymentKind.RETIREMENT) {
                throw new RuleViolationException("deployment #" + chosen.id() + " of " + key + " is a retirement; "
                        + "roll back to a deployment that put a workload there");
            }
            if (!chosen.succeeded()) {
                throw new RuleViolationException("deployment #" + chosen.id() + " of " + key + " " +
                        chosen.result().name().toLowerCase(java.util.Locale.ROOT)
                        + "; only a deployment that succeeded can be restored");
            }
            if (!unsettled && current.isPresent() && current.get().id() == chosen.id()) {
                throw new RuleViolationException("deployment #" + chosen.id() + " is what runs in " + key.environment()
                        + " now; nothing to roll back");
            }
            return chosen;
        }
        if (current.isEmpty() && retirement.isPresent()) {
            throw new RuleViolationException("nothing to roll back: " + key + " was retired (deployment #"
                    + retirement.get().id() + "); promote a release there, or roll back --to one of its earlier "
                    + "deployments");
        }
        if (current.isEmpty()) {
            throw new RuleViolationException("nothing to roll back: " + key + " has no successful deployment");
        }
        if (unsettled) {
            return current.get();
        }
        return history.stream().filter(Deployment::ran).filter(d -> d.id() < current.get().id())
                .filter(d -> !sameAs(d, current.get())).findFirst()
                .orElseThrow(() -> new RuleViolationException("nothing to roll back to: " + key
                        + " has no earlier successful deployment that differs from #" + current.get().id()));
    }

    private static boolean sameAs(Deployment a, Deployment b) {
        return a.image().equals(b.image()) && a.configuration().equals(b.configuration());
    }
}
