package io.cdpipelines.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The content address of an image, {@code sha256:} and 64 lower-case hex digits: what every deployment names. */
public record ImageDigest(String value) {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    /** The manifest digest in the JSON {@code docker buildx build --metadata-file} writes. */
    private static final Pattern METADATA_DIGEST =
            Pattern.compile("\"containerimage\\.digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"");

    public ImageDigest {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new InvalidInputException("digest", "\"" + value + "\" is not an image digest: "
                    + "expected sha256: followed by 64 lower-case hex digits (docker buildx --metadata-file writes it)");
        }
    }

    public static ImageDigest of(String value) {
        return new ImageDigest(value);
    }

    /**
     * The digest a build wrote to a file: the {@code containerimage.digest} of a buildx metadata file (not its
     * config digest, which comes first), else the first digest in the text (a {@code --iidfile}).
     */
    public static Optional<ImageDigest> fromBuildOutput(String text) {
        Matcher metadata = METADATA_DIGEST.matcher(text);
        if (metadata.find()) {
            return Optional.of(new ImageDigest(metadata.group(1)));
        }
        Matcher any = SHA256.matcher(text);
        return any.find() ? Optional.of(new ImageDigest(any.group())) : Optional.empty();
    }

    /** The first 12 hex digits, as registries show them. */
    public String shortForm() {
        return value.substring("sha256:".length(), "sha256:".length() + 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
