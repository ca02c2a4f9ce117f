package io.cdpipelines.model;

import java.time.Instant;
import java.util.Optional;

/**
 * An image built once: the source revision of a project's component, the digest it produced and the workload that
 * runs it. Immutable; the same revision never gets another digest.
 */
public record Release(String project, String component, String revision, ImageReference image, Workload workload,
                      String buildReference, Instant recordedAt, String recordedBy) {

    public Release {
        Names.require("project", project, Names.projectPathProblem(project));
        Names.require("component", component, Names.recordedComponentProblem(component));
        if (revision == null || revision.isBlank()) {
            throw new InvalidInputException("revision", "is required: the commit or tag the image was built from");
        }
        if (image == null) {
            throw new InvalidInputException("image", "is required");
        }
        workload = workload == null ? Workload.GENERATED : workload;
        buildReference = buildReference == null ? "" : buildReference;
        recordedBy = recordedBy == null ? "" : recordedBy;
        Names.require("revision", revision, Names.recordedTextProblem(revision));
        Names.require("buildReference", buildReference, Names.recordedTextProblem(buildReference));
        Names.require("recordedBy", recordedBy, Names.recordedTextProblem(recordedBy));
    }

    public ImageDigest digest() {
        return image.digest();
    }

    /**
     * Build once: a revision has one digest. The release to keep when {@code candidate} is recorded: the recorded one
     * if it is the same, the candidate if none is recorded; another digest is a rebuild, and refused.
     */
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
