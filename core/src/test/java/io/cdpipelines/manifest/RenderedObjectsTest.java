package io.cdpipelines.manifest;

import io.cdpipelines.model.InvalidInputException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deployment's objects name their files by kind and name only: nothing else from a manifest reaches a path. */
class RenderedObjectsTest {

    @Test
    void objectsOfManifestsNameTheirFilesOnlyByAKindAndADnsName() {
        var good = new ConfigMapBuilder().withNewMetadata().withName("cart-env").endMetadata().build();
        assertThat(new RenderedObjects(List.of(good)).files()).containsKey("configmap-cart-env.yaml");
        var badKind = new GenericKubernetesResourceBuilder().withKind("../../../../../outside/pwned")
                .withNewMetadata().withName("x").endMetadata().build();
        assertThatThrownBy(() -> new RenderedObjects(List.of(badKind))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("manifests: kind \"../../../../../outside/pwned\" is not a Kubernetes kind");
        var badName = new ConfigMapBuilder().withNewMetadata().withName("../x").endMetadata().build();
        assertThatThrownBy(() -> new RenderedObjects(List.of(badName)))
                .hasMessageStartingWith("manifests: ConfigMap \"../x\": the name is not a DNS-1123 subdomain");
    }
}
