package io.cdpipelines.model;

/**
 * A named stage on one data plane. The namespace may hold {@code {project}} and {@code {component}}, filled in per
 * deployment. {@code createNamespace} lets a driver create a missing namespace; {@code rollbackOnFailure} (the
 * default) re-deploys the previous successful deployment when a rollout fails.
 */
public record Environment(String name, String displayName, String dataPlane, String namespace, boolean production,
                          Configuration configuration, Protection protection, boolean createNamespace,
                          boolean rollbackOnFailure) {

    public Environment {
        configuration = configuration == null ? Configuration.EMPTY : configuration;
        protection = protection == null ? Protection.NONE : protection;
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
    }

    /** An environment that does not create namespaces and rolls back a failed rollout. */
    public Environment(String name, String displayName, String dataPlane, String namespace, boolean production,
                       Configuration configuration, Protection protection) {
        this(name, displayName, dataPlane, namespace, production, configuration, protection, false, true);
    }

    /** The same environment on another data plane. */
    public Environment onDataPlane(String otherDataPlane) {
        return new Environment(name, displayName, otherDataPlane, namespace, production, configuration, protection,
                createNamespace, rollbackOnFailure);
    }

    /** The namespace for one component of a project, with the placeholders filled in as DNS-1123 labels. */
    public String namespaceFor(String project, String component) {
        if (namespace == null || namespace.isBlank()) {
            return null;
        }
        return namespace.replace("{project}", label(project)).replace("{component}", label(component));
    }

    private static String label(String value) {
        String label = value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return label.length() > 63 ? label.substring(0, 63).replaceAll("-+$", "") : label;
    }
}
