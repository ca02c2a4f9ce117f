package io.cdpipelines.kubernetes;

import io.cdpipelines.model.KubernetesDataPlane;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

import static org.assertj.core.api.Assertions.assertThat;

/** An unreachable cluster is named with its data plane and URL, and why, in words. */
class KubernetesFailureTest {
    private static final KubernetesDataPlane EU = new KubernetesDataPlane("eu", "https://eu.example.com:6443", null,
            "eu-token", null, null, null);

    private static String unreachable(Throwable cause) {
        KubernetesFailure failure = KubernetesFailure.of(new KubernetesClientException("An error has occurred.",
                new java.io.IOException("wrapped", cause)), EU, "prod-eu", "Deployment cart");
        assertThat(failure.transientError()).isTrue();
        return failure.message();
    }

    @Test
    void saysWhichDataPlaneWhichUrlAndWhy() {
        assertThat(unreachable(new ClosedChannelException())).isEqualTo("cannot reach the API server (data plane eu "
                + "at https://eu.example.com:6443, environment prod-eu, Deployment cart): the connection was closed: "
                + "the server went away or is not an API server");
        assertThat(unreachable(new ConnectException("Connection refused")))
                .endsWith(": nothing answers at that address (connection refused)");
        assertThat(unreachable(new UnknownHostException("eu.example.com")))
                .endsWith(": the host name is unknown (eu.example.com)");
        assertThat(unreachable(new IllegalStateException("odd\nsecond line"))).endsWith(": odd");
    }
}
