package io.cdpipelines.model;

import java.time.Instant;

/**
 * An image built once: the source revision of a project's component and the digest it produced. Immutable; the same
 * revision never gets another digest.
 */
public record Release(String project, String component, String revision, ImageReference image,
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
        buildReference = buildReference == null ? "" : buildReference;
        recordedBy = recordedBy == null ? "" : recordedBy;
    }

    public ImageDigest digest() {
        return image.digest();
    }
}
