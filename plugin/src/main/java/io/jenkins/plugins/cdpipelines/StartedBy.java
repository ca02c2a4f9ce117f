package io.jenkins.plugins.cdpipelines;

import hudson.model.Cause;
import hudson.model.Run;

import java.util.List;
import java.util.Optional;

/**
 * The person who started a build: the user of its user cause, or, for a build that another build triggered, the
 * person who started that one (followed up the chain of upstream causes). A timer or an SCM push has none.
 */
public final class StartedBy {
    /** Deeper chains of upstream builds are cut off, as Jenkins' own cause display cuts them. */
    private static final int DEPTH = 10;

    private StartedBy() {
    }

    public static Optional<String> person(Run<?, ?> run) {
        return person(run.getCauses(), 0);
    }

    private static Optional<String> person(List<Cause> causes, int depth) {
        for (Cause cause : causes) {
            if (cause instanceof Cause.UserIdCause user && user.getUserId() != null) {
                return Optional.of(user.getUserId());
            }
        }
        if (depth < DEPTH) {
            for (Cause cause : causes) {
                if (cause instanceof Cause.UpstreamCause upstream) {
                    Optional<String> person = person(upstream.getUpstreamCauses(), depth + 1);
                    if (person.isPresent()) {
                        return person;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
