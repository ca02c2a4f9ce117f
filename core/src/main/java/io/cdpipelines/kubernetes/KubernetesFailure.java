package io.cdpipelines.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.stream.Collectors;

/**
 * A Kubernetes API error in words that name the data plane, the environment and the object, and say whether
 * trying again may help. Messages carry the server's reason, never a credential or a secret's data.
 */
record KubernetesFailure(String message, boolean transientError) {

    static KubernetesFailure of(KubernetesClientException e, String dataPlane, String environment, String object) {
        int code = e.getCode();
        String reason = reason(e);
        String where = " (data plane " + dataPlane + ", environment " + environment + ", " + object + ")";
        if (code <= 0) {
            return new KubernetesFailure("cannot reach the API server" + where + ": " + rootCause(e), true);
        }
        return switch (code) {
            case 0 -> new KubernetesFailure("cannot reach the API server" + where + ": "
                    + rootCause(e), true);
            case 401 -> new KubernetesFailure("the API server refused the credentials (401 Unauthorized)" + where
                    + ": check the data plane's credential", false);
            case 403 -> new KubernetesFailure("not allowed (403 Forbidden)" + where + ": " + reason
                    + "; grant the data plane's account the right to apply it", false);
            case 404 -> new KubernetesFailure("not found (404)" + where + ": " + reason, false);
            case 409 -> new KubernetesFailure("conflict (409)" + where + ": " + reason, false);
            case 422 -> new KubernetesFailure("refused as invalid (422)" + where + ": " + reason, false);
            case 408, 429, 500, 502, 503, 504 -> new KubernetesFailure("the API server answered " + code + where
                    + ": " + reason, true);
            default -> new KubernetesFailure("the API server answered " + code + where + ": " + reason, false);
        };
    }

    private static String reason(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status == null || status.getMessage() == null) {
            return "no reason given";
        }
        String causes = status.getDetails() == null || status.getDetails().getCauses() == null ? ""
                : status.getDetails().getCauses().stream().map(KubernetesFailure::cause)
                .collect(Collectors.joining("; "));
        return status.getMessage() + (causes.isEmpty() || status.getMessage().contains(causes) ? "" : " (" + causes + ")");
    }

    private static String cause(StatusCause cause) {
        return (cause.getField() == null ? "" : cause.getField() + ": ") + cause.getMessage();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.lines().findFirst().orElse(text);
    }
}
