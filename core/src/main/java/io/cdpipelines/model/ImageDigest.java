package io.cdpipelines.model;

import java.util.regex.Pattern;

/** The content address of an image, {@code sha256:} and 64 lower-case hex digits: what every deployment names. */
public record ImageDigest(String value) {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImageDigest {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new InvalidInputException("digest", "\"" + value + "\" is not an image digest: "
                    + "expected sha256: followed by 64 lower-case hex digits (docker buildx --metadata-file writes it)");
        }
    }

    public static ImageDigest of(String value) {
        return new ImageDigest(value);
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
