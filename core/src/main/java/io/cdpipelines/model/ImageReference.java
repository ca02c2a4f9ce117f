package io.cdpipelines.model;

import java.util.Optional;

/** An image pinned by digest, {@code registry/repository@sha256:...}: the only form a deployment accepts. */
public record ImageReference(String repository, ImageDigest digest) {

    /**
     * A repository name as the OCI distribution spec writes it: an optional registry host (with a port) and path
     * components of lower-case letters and digits joined by '.', '_', '__' or dashes.
     */
    private static final java.util.regex.Pattern OCI_NAME;

    static {
        String domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        String domain = domainComponent + "(?:\\." + domainComponent + ")*(?::[0-9]+)?";
        String pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        OCI_NAME = java.util.regex.Pattern.compile("(?:" + domain + "/)?" + pathComponent + "(?:/" + pathComponent + ")*");
    }

    /** Only what can never be a repository is refused here, so that what the ledger holds still loads. */
    public ImageReference {
        storedFormProblem(repository).ifPresent(message -> {
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
        requireRepository(repository);
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
        repository = hasTag(repository) ? repository.substring(0, repository.lastIndexOf(':')) : repository;
        requireRepository(repository);
        return new ImageReference(repository, digest);
    }

    /** Why {@code repository} cannot name an image repository of a new release, if it cannot. */
    public static Optional<String> repositoryProblem(String repository) {
        Optional<String> problem = storedFormProblem(repository);
        if (problem.isPresent()) {
            return problem;
        }
        if (repository.length() > 255 || !OCI_NAME.matcher(repository).matches()) {
            return Optional.of("\"" + Names.escapeControls(repository) + "\" is not an image repository as registries "
                    + "name them: [registry[:port]/]path, the path of lower-case letters and digits joined by '/', "
                    + "'.', '_' or '-', such as registry.example.com/shop/cart");
        }
        return Optional.empty();
    }

    private static void requireRepository(String repository) {
        repositoryProblem(repository).ifPresent(message -> {
            throw new InvalidInputException("image", message);
        });
    }

    /** What no version ever accepted as a repository. */
    private static Optional<String> storedFormProblem(String repository) {
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
            return Optional.of("\"" + Names.escapeControls(repository) + "\" is not an image repository: lower case, "
                    + "no spaces");
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
