package io.cdpipelines.model;

import java.time.Instant;

/**
 * An image built once: the source revision of a project's component, the digest it produced and the workload that
 * runs it. Immutable; the same revision never gets another digest.
 */
public record Release(String project, String component, String revision, ImageReference image, Workload workload,
                      String buildReference, Instant recordedAt, String recordedBy) {

    public Release {
        Names.require("project", project, Names.projectPathProblem(project));
        Names.require("component", component, Names.componentProblem(component));
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
}
