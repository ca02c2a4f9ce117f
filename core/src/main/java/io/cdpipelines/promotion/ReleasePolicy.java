package io.cdpipelines.promotion;

import io.cdpipelines.model.Release;
import io.cdpipelines.model.RuleViolationException;

import java.util.Optional;

/** Build once: a revision has one digest. The same again is a no-op; another digest is a rebuild, and refused. */
public final class ReleasePolicy {

    private ReleasePolicy() {
    }

    /** The release to keep: the recorded one if it is the same, the candidate if none is recorded. */
    public static Release reconcile(Optional<Release> recorded, Release candidate) {
        if (recorded.isEmpty()) {
            return candidate;
        }
        Release existing = recorded.get();
        if (existing.image().equals(candidate.image())) {
            if (!existing.workload().equals(candidate.workload())) {
                throw new RuleViolationException("revision " + candidate.revision() + " of " + candidate.project() + "/"
                        + candidate.component() + " was already recorded with other manifests or port/replicas; "
                        + "a revision's workload comes from its commit and cannot change: record a new revision");
            }
            return existing;
        }
        throw new RuleViolationException("revision " + candidate.revision() + " of " + candidate.project() + "/"
                + candidate.component() + " was already recorded as " + existing.image()
                + (existing.buildReference().isEmpty() ? "" : " by " + existing.buildReference())
                + "; " + candidate.image().digest() + " would be a rebuild. Build once and promote that digest, "
                + "or record a new revision");
    }
}
