package io.cdpipelines.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Jenkins folder seen as a project: the pipelines it attaches (none: inherit from the nearest ancestor that sets
 * some, or the organization default) and its configuration per environment.
 */
public record Project(String path, Optional<Attachment> attachment, Map<String, Configuration> environments) {

    public Project {
        attachment = attachment == null ? Optional.empty() : attachment.filter(a -> !a.pipelines().isEmpty());
        environments = environments == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    public static Project attaching(String path, String... pipelines) {
        return new Project(path, Optional.of(Attachment.of(pipelines)), Map.of());
    }

    public Project withEnvironment(String environment, Configuration configuration) {
        Map<String, Configuration> next = new LinkedHashMap<>(environments);
        next.put(environment, configuration);
        return new Project(path, attachment, next);
    }

    public Project withAttachment(Attachment attachment) {
        return new Project(path, Optional.ofNullable(attachment), environments);
    }

    /** The enclosing project's path, if this project is nested. */
    public static Optional<String> parentPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(path.substring(0, slash));
    }
}
