package io.cdpipelines.cli;

import org.eclipse.jgit.api.Git;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How most cdp tests start: a bare GitOps repository {@code fleet.git} in the test's folder and an organization
 * file whose one data plane, {@code fleet}, is that repository.
 */
final class FleetOrganization {
    private FleetOrganization() {
    }

    /** A new bare repository {@code work/fleet.git}, on branch main. */
    static Path bareRepository(Path work) throws Exception {
        Path fleet = work.resolve("fleet.git");
        Git.init().setBare(true).setDirectory(fleet.toFile()).setInitialBranch("main").call().close();
        return fleet;
    }

    /** {@code work/org.yaml}: the data plane {@code fleet} on {@code fleet}, then {@code rest} (environments, ...). */
    static Path write(Path work, Path fleet, String rest) throws Exception {
        return Files.writeString(work.resolve("org.yaml"), """
                dataPlanes:
                  - gitops: {name: fleet, repository: "%s"}
                """.formatted(fleet) + rest);
    }
}
