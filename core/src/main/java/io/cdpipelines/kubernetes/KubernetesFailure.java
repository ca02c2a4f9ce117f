package io.cdpipelines.kubernetes;

import io.cdpipelines.model.KubernetesDataPlane;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.stream.Collectors;

/**
 * A Kubernetes API error in words that name the data plane, the environment and the object, and say whether
 * trying again may help. Messages carry the server's reason, never a credential or a secret's data.
 */
record KubernetesFailure(String message, boolean transientError) {

    static KubernetesFailure of(KubernetesClientException e, KubernetesDataPlane plane, String environment,
                                String object) {
        int code = e.getCode();
        String reason = reason(e);
        String server = plane.serverUrl() == null || plane.serverUrl().isBlank() ? "" : " at " + plane.serverUrl();
        String where = " (data plane " + plane.name() + server + ", environment " + environment + ", " + object + ")";
        if (code <= 0) {
            return new KubernetesFailure("cannot reach the API server" + where + ": " + unreachable(e), true);
        }
        return switch (code) {
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

    /** Why a server could not be reached, in words: the exception names of the network stack say little. */
    static String unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.net.UnknownHostException) {
                return "the host name is unknown (" + cause.getMessage() + ")";
            }
            if (cause instanceof java.net.ConnectException) {
                return "nothing answers at that address (connection refused)";
            }
            if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof java.net.SocketTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return "it did not answer in time";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed (" + firstLine(cause) + "): check the data plane's CA certificate";
            }
            if (cause instanceof java.nio.channels.ClosedChannelException || cause instanceof java.io.EOFException) {
                return "the connection was closed: the server went away or is not an API server";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root);
    }

    private static String firstLine(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.lines().findFirst().orElse(text);
    }
}
