package io.cdpipelines.cli;

import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.InputLimits;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code cdp release}: releases, the images built once. */
@Command(name = "release", mixinStandardHelpOptions = true, description = "Record and list releases.",
        subcommands = {ReleaseCommand.Record.class, ReleaseCommand.ListReleases.class})
final class ReleaseCommand {

    /** Lists the releases of a component, newest first. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the releases of a component, newest first: revision, digest, when and by whom.",
            footer = {"", "Example:", "  cdp release list --project shop --component cart --limit 5"})
    static final class ListReleases extends WorkspaceCommand {
        @Option(names = "--project", required = true, description = "the project (folder path, such as team-a/shop)")
        String project;
        @Option(names = "--component", required = true, description = "the component")
        String component;
        @Option(names = "--limit", defaultValue = "20", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        int run(Workspace workspace, Output output) {
            if (limit < 1) {
                throw new InvalidInputException("--limit", limit + " is not a number of releases: give 1 or more");
            }
            List<Release> releases = workspace.ledger.releases(project, component, limit);
            if (output.json()) {
                output.json(releases.stream().map(Output::view).toList());
            } else if (releases.isEmpty()) {
                spec.commandLine().getOut().println("no release of " + project + "/" + component + " is recorded");
            } else {
                output.table(List.of("REVISION", "DIGEST", "RECORDED", "BY", "BUILD"), releases.stream()
                        .map(r -> List.of(r.revision(), r.digest().shortForm(), Output.when(r.recordedAt()),
                                r.recordedBy(), r.buildReference())).toList());
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** Records an image built once for a revision. */
    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Record the image built for a revision, by digest. The same again is a no-op; another "
                    + "digest for the same revision is refused as a rebuild.",
            footer = {"", "Example:", "  cdp release record --project shop --component cart --revision 9fceb02 \\",
                    "      --image registry.example.com/shop/cart@sha256:4f3c...e1 --port 8080"})
    static final class Record extends WorkspaceCommand {
        @Option(names = "--project", required = true, description = "the project (folder path, such as team-a/shop)")
        String project;
        @Option(names = "--component", required = true, description = "the component (usually the job's name)")
        String component;
        @Option(names = "--revision", required = true, description = "the commit or tag the image was built from")
        String revision;
        @Option(names = "--image", required = true, paramLabel = "REPOSITORY@sha256:DIGEST",
                description = "the image by digest (a tag is refused), or the repository with --digest-file")
        String image;
        @Option(names = "--digest-file", paramLabel = "FILE", description = "a file holding the registry digest: "
                + "what docker buildx build --push --metadata-file wrote, or docker inspect's RepoDigests after a push")
        Path digestFile;
        @Option(names = "--manifests", paramLabel = "FILE", description = "the component's Kubernetes manifests "
                + "(multi-document YAML); without them a Deployment is generated")
        Path manifests;
        @Option(names = "--port", description = "the container port; a Service is generated for it")
        Integer port;
        @Option(names = "--replicas", defaultValue = "1", description = "replicas of the generated Deployment")
        int replicas;
        @Option(names = "--build", defaultValue = "", description = "a link to the build that made the image")
        String build;
        @Option(names = "--by", description = "who records it (default: $USER)")
        String by;

        @Override
        int run(Workspace workspace, Output output) {
            Workload workload = new Workload(manifests == null ? null
                    : InputLimits.readText("manifests", manifests, InputLimits.MANIFESTS_BYTES), port, replicas);
            Release release = workspace.engine.recordRelease(project, component, revision, reference(), workload,
                    build, user(by));
            if (output.json()) {
                output.json(Output.view(release));
            } else {
                spec.commandLine().getOut().println("recorded " + release.project() + "/" + release.component() + " "
                        + release.revision() + " = " + release.image());
            }
            return ExitCodes.SUCCESS;
        }

        private ImageReference reference() {
            if (digestFile == null) {
                return ImageReference.parse(image);
            }
            ImageDigest digest = ImageDigest.fromBuildOutput(InputLimits.readText("digest-file", digestFile, InputLimits.DIGEST_FILE_BYTES)).orElseThrow(() ->
                    new InvalidInputException("digest-file", digestFile + " holds no sha256 digest: give the file "
                            + "docker build --iidfile or docker buildx build --metadata-file wrote"));
            return ImageReference.of(image, digest);
        }

    }
}
