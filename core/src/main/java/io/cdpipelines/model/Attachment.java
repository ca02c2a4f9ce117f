package io.cdpipelines.model;

import java.util.List;

/** The pipelines a project attaches and the one it uses when a promotion names none. */
public record Attachment(List<String> pipelines, String defaultPipeline) {

    public Attachment {
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
        if ((defaultPipeline == null || defaultPipeline.isBlank()) && !pipelines.isEmpty()) {
            defaultPipeline = pipelines.get(0);
        }
    }

    public static Attachment of(String... pipelines) {
        return new Attachment(List.of(pipelines), null);
    }
}
