package io.cdpipelines.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void parsesRepositoryAtDigest() {
        ImageReference reference = ImageReference.parse("registry.example.com:5000/team/cart@" + DIGEST);
        assertThat(reference.repository()).isEqualTo("registry.example.com:5000/team/cart");
        assertThat(reference.digest().value()).isEqualTo(DIGEST);
        assertThat(reference.digest().shortForm()).isEqualTo("abababababab");
    }

    @Test
    void digestFromBuildOutputPrefersTheManifestDigestOfBuildxMetadata() {
        String config = "sha256:" + "c".repeat(64);
        String manifest = "sha256:" + "d".repeat(64);
        String metadata = """
                {
                  "buildx.build.ref": "builder/builder0/x",
                  "containerimage.config.digest": "%s",
                  "containerimage.descriptor": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": "%s", "size": 1234},
                  "containerimage.digest": "%s",
                  "image.name": "registry.example.com/shop/cart:latest"
                }
                """.formatted(config, manifest, manifest);
        assertThat(ImageDigest.fromBuildOutput(metadata)).contains(ImageDigest.of(manifest));
        assertThat(ImageDigest.fromBuildOutput(config + "\n")).contains(ImageDigest.of(config));
        assertThat(ImageDigest.fromBuildOutput("no digest here")).isEmpty();
        // the image a build names, tag and all, takes the digest the build wrote
        assertThat(ImageReference.of("registry.example.com:5000/shop/cart:latest", ImageDigest.of(manifest)))
                .hasToString("registry.example.com:5000/shop/cart@" + manifest);
        assertThat(ImageReference.of("registry.example.com/shop/cart@" + config, ImageDigest.of(manifest)))
                .hasToString("registry.example.com/shop/cart@" + manifest);
    }

    @Test
    void tagIsRefusedAsDeployReference() {
        assertThatThrownBy(() -> ImageReference.parse("registry.example.com/team/cart:latest"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image: \"registry.example.com/team/cart:latest\" names no digest but a tag, and a tag "
                        + "can move: deployments name digests only, as repository@sha256:<64 hex digits>");
        assertThatThrownBy(() -> new ImageReference("team/cart:1.2", ImageDigest.of(DIGEST)))
                .hasMessageContaining("carries a tag");
    }

    @Test
    void tagBesideDigestIsDroppedSinceTheDigestPins() {
        assertThat(ImageReference.parse("team/cart:1.2@" + DIGEST).repository()).isEqualTo("team/cart");
    }

    @Test
    void digestMustBeSha256WithSixtyFourHexDigits() {
        assertThatThrownBy(() -> ImageDigest.of("sha256:abc")).hasMessageContaining("64 lower-case hex digits");
        assertThatThrownBy(() -> ImageDigest.of("md5:" + "a".repeat(64))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ImageDigest.of("sha256:" + "A".repeat(64))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void newRepositoriesFollowTheOciReferenceGrammar() {
        for (String good : java.util.List.of("registry.example.com/shop/cart", "localhost:5000/cart", "cart",
                "ghcr.io/org/a__b", "reg.example/a-b--c/d.e_f", "10.0.0.1:5000/x/y")) {
            assertThat(ImageReference.parse(good + "@" + DIGEST).repository()).as(good).isEqualTo(good);
        }
        for (String bad : java.util.List.of("reg.example/$(id)/cart", "reg.example/\"q\"/cart", "reg.example/#/cart",
                "reg.example/c\u00e4rt", "reg.example/cart/", "reg.example//cart", "reg.example/-cart",
                "reg.example/cart;rm", "reg.example/a___b", "x".repeat(256))) {
            assertThatThrownBy(() -> ImageReference.parse(bad + "@" + DIGEST)).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not an image repository");
            assertThatThrownBy(() -> ImageReference.of(bad, ImageDigest.of(DIGEST))).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        // the ledger's rows are read with the constructor, which keeps the looser rule of earlier versions
        assertThat(new ImageReference("reg.example/$(id)/cart", ImageDigest.of(DIGEST)).repository())
                .isEqualTo("reg.example/$(id)/cart");
    }
}
