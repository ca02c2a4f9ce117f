package io.cdpipelines.gitops;

import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.OrganizationSpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded default: when an organization defines no data plane, a local GitOps repository inside the data
 * directory serves every environment that names none, so everything works with no cluster and no server.
 */
public final class EmbeddedDefault {
    public static final String DATA_PLANE = "local";
    public static final String FOLDER = "gitops";

    private EmbeddedDefault() {
    }

    /** {@code spec} with the local data plane added, if it defines none, for the environments that name none. */
    public static OrganizationSpec apply(OrganizationSpec spec, Path dataDirectory) {
        if (!spec.dataPlanes().isEmpty()) {
            return spec;
        }
        Path repository = dataDirectory.resolve(FOLDER).toAbsolutePath();
        List<DataPlane> planes = List.of(new GitOpsDataPlane(DATA_PLANE, repository.toString(), "main", "", null));
        List<Environment> environments = spec.environments().stream()
                .map(e -> e.dataPlane() == null || e.dataPlane().isBlank() ? e.onDataPlane(DATA_PLANE) : e)
                .toList();
        return spec.withDataPlanes(planes).withEnvironments(environments);
    }

    /** Creates the local repository if it is not there yet; returns its folder. */
    public static Path ensureRepository(Path dataDirectory) {
        Path repository = dataDirectory.resolve(FOLDER);
        if (Files.isDirectory(repository.resolve(".git"))) {
            return repository;
        }
        try {
            Files.createDirectories(repository);
            Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call().close();
            return repository;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local GitOps repository " + repository, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create the local GitOps repository " + repository + ": "
                    + e.getMessage(), e);
        }
    }
}
