package io.cdpipelines.view;

import io.cdpipelines.model.Release;

import java.time.Instant;
import java.util.List;

/** A recorded release of the component, newest first, with the environments of the pipeline it runs in now. */
public record ReleaseCard(String revision, String digest, String shortDigest, Instant recordedAt, String recordedBy,
                          List<String> runningIn) {

    public ReleaseCard {
        runningIn = List.copyOf(runningIn);
    }

    static ReleaseCard of(Release release, List<String> runningIn) {
        return new ReleaseCard(release.revision(), release.digest().value(), release.digest().shortForm(),
                release.recordedAt(), release.recordedBy(), runningIn);
    }
}
