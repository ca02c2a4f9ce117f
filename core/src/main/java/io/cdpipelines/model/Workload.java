package io.cdpipelines.model;

/**
 * How a component runs: its own manifests (multi-document YAML: a Deployment or StatefulSet, a Service, anything
 * namespaced), or, when it supplies none, a generated Deployment (and a Service when it declares a port). Recorded
 * with the release, since the manifests come from the same commit as the image: built once, like it.
 */
public record Workload(String manifests, Integer port, int replicas) {
    public static final Workload GENERATED = new Workload(null, null, 1);

    public Workload {
        manifests = manifests == null || manifests.isBlank() ? null : manifests;
        if (manifests != null) {
            InputLimits.checkYaml("manifests", "the text of the manifests", manifests, InputLimits.MANIFESTS_BYTES);
        }
        if (port != null && (port < 1 || port > 65_535)) {
            throw new InvalidInputException("port", port + " is not a TCP port (1 to 65535)");
        }
        if (replicas < 0) {
            throw new InvalidInputException("replicas", "must not be negative");
        }
    }

    /** Whether the objects are generated rather than supplied. */
    public boolean generated() {
        return manifests == null;
    }
}
