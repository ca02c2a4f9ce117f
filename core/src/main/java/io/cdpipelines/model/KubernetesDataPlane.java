package io.cdpipelines.model;

/**
 * A Kubernetes cluster reached either by API server URL, CA certificate and a token credential, or by a kubeconfig
 * credential and one of its contexts.
 */
public record KubernetesDataPlane(String name, String serverUrl, String caCertificate, String credentialsId,
                                  String kubeconfigCredentialsId, String context, String defaultNamespace)
        implements DataPlane {

    @Override
    public String kind() {
        return "kubernetes";
    }

    /** Whether access comes from a kubeconfig rather than from a URL and a token. */
    public boolean usesKubeconfig() {
        return kubeconfigCredentialsId != null && !kubeconfigCredentialsId.isBlank();
    }
}
