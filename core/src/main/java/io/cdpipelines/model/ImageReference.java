package io.cdpipelines.model;

import java.util.Optional;

/** An image pinned by digest, {@code registry/repository@sha256:...}: the only form a deployment accepts. */
public record ImageReference(String repository, ImageDigest digest) {

    public ImageReference {
        repositoryProblem(repository).ifPresent(message -> {
            throw new InvalidInputException("image", message);
        });
        if (digest == null) {
            throw new InvalidInputException("digest", "is required");
        }
    }

    /**
     * Reads {@code repository@sha256:...}; a tag ({@code :latest}, {@code :1.2}) is refused, since a tag can move and
     * a deployment must name exactly what was built.
     */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidInputException("image", "is required");
        }
        int at = reference.indexOf('@');
        if (at < 0) {
            throw new InvalidInputException("image", "\"" + reference + "\" names no digest"
                    + (hasTag(reference) ? " but a tag, and a tag can move" : "")
                    + ": deployments name digests only, as repository@sha256:<64 hex digits>");
        }
        String repository = reference.substring(0, at);
        if (hasTag(repository)) {
            // repo:tag@sha256:... pins the digest; the tag is only a label and is dropped.
            repository = repository.substring(0, repository.lastIndexOf(':'));
        }
        return new ImageReference(repository, ImageDigest.of(reference.substring(at + 1)));
    }

    /**
     * The image a build names, with the digest it wrote apart ({@code --iidfile}, {@code --metadata-file}): the
     * repository of {@code image} (any tag or digest in it dropped, the build's digest wins) at {@code digest}.
     */
    public static ImageReference of(String image, ImageDigest digest) {
        if (image == null || image.isBlank()) {
            throw new InvalidInputException("image", "is required");
        }
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        return new ImageReference(hasTag(repository) ? repository.substring(0, repository.lastIndexOf(':'))
                : repository, digest);
    }

    /** Why {@code repository} cannot name an image repository, if it cannot. */
    public static Optional<String> repositoryProblem(String repository) {
        if (repository == null || repository.isBlank()) {
            return Optional.of("is required");
        }
        if (repository.contains("@")) {
            return Optional.of("\"" + repository + "\" must be the repository alone; give the digest separately");
        }
        if (hasTag(repository)) {
            return Optional.of("\"" + repository + "\" carries a tag; deployments name digests only: "
                    + "give the repository without the tag and the sha256 digest");
        }
        if (!repository.equals(repository.strip()) || repository.chars().anyMatch(Character::isWhitespace)
                || !repository.equals(repository.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("\"" + repository + "\" is not an image repository: lower case, no spaces");
        }
        return Optional.empty();
    }

    /** A ':' after the last '/' is a tag; before it, it is a registry port. */
    private static boolean hasTag(String reference) {
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/');
    }

    @Override
    public String toString() {
        return repository + "@" + digest.value();
    }
}
