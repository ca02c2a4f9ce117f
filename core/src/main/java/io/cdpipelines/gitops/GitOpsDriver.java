package io.cdpipelines.gitops;

import io.cdpipelines.driver.DataPlaneUnreachableException;
import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.InputLimits;
import io.cdpipelines.manifest.ManifestRenderer;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys by committing to a GitOps repository that an agent (Argo CD, Flux) applies: the same objects the Kubernetes
 * driver applies, written under {@code <prefix>/<environment>/<project>/<component>/} with a kustomization, one commit
 * per deployment, none when nothing changed. Secrets are written as references (ExternalSecret), never as values.
 * Deployments to one repository are serialized, across threads and processes.
 */
public final class GitOpsDriver implements DeploymentDriver {
    private static final int PUSH_ATTEMPTS = 10;
    private final Path clones;
    private final SecretResolver credentials;

    /**
     * @param clones      where clones of remote repositories are kept
     * @param credentials resolves a data plane's {@code credentialsId} (a token, or {@code user:token}) for pushing
     */
    public GitOpsDriver(Path clones, SecretResolver credentials) {
        this.clones = clones;
        this.credentials = credentials;
    }

    @Override
    public boolean supports(DataPlane dataPlane) {
        return dataPlane instanceof GitOpsDataPlane;
    }

    @Override
    public boolean needsSecretValues() {
        return false;
    }

    @Override
    public DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log) {
        GitOpsDataPlane plane = (GitOpsDataPlane) order.dataPlane();
        Map<String, String> files = ManifestRenderer.render(order, ManifestRenderer.SecretForm.EXTERNAL_REFERENCES,
                false).files();
        String folder = GitOpsLayout.folderOf(plane, order.deployment());
        try (GitOpsCheckout checkout = GitOpsCheckout.open(plane, clones, credentials, order.deployment().slot())) {
            for (int attempt = 1; ; attempt++) {
                checkout.syncWithRemote();
                if (!checkout.replaceFolder(folder, GitOpsLayout.withKustomization(files))) {
                    log.println(order.environment().name() + ": " + folder + " already holds this deployment; "
                            + "nothing to commit");
                    return new DeploymentOutcome(true, "unchanged in " + plane.name() + " at " + folder,
                            checkout.head());
                }
                String commit = checkout.commit(message(order.deployment(), folder), order.deployment().requestedBy());
                log.println(order.environment().name() + ": committed " + commit.substring(0, 12) + " to "
                        + plane.name() + " (" + folder + ")");
                GitOpsCheckout.PushResult pushed = checkout.push();
                if (pushed == GitOpsCheckout.PushResult.PUSHED) {
                    return new DeploymentOutcome(true, "committed " + commit.substring(0, 12) + " to " + plane.name()
                            + " at " + folder, commit);
                }
                if (pushed == GitOpsCheckout.PushResult.BEHIND && attempt < PUSH_ATTEMPTS) {
                    log.println(order.environment().name() + ": " + plane.name() + " moved on meanwhile ("
                            + checkout.lastPushMessage() + "); writing again on top of it");
                    pause(attempt);
                    continue;
                }
                checkout.discardLocalCommits();
                return DeploymentOutcome.failed("the push to " + plane.name() + " (" + plane.branch() + ") was "
                        + "rejected: " + checkout.lastPushMessage() + "; nothing was deployed");
            }
        } catch (IOException | GitAPIException e) {
            return DeploymentOutcome.failed("GitOps repository " + plane.name() + " failed: " + e.getMessage());
        }
    }

    @Override
    public List<String> preview(DeploymentOrder order) {
        return compare(order, "would add ", "would change ", "would remove ");
    }

    @Override
    public Optional<List<String>> drift(DeploymentOrder expected) {
        return Optional.of(compare(expected, "missing from the repository: ", "differs in the repository: ",
                "not in the ledger's deployment: "));
    }

    @Override
    public Optional<Boolean> removed(DeploymentOrder deployed) {
        GitOpsDataPlane plane = (GitOpsDataPlane) deployed.dataPlane();
        String folder = GitOpsLayout.folderOf(plane, deployed.deployment());
        try (GitOpsCheckout checkout = GitOpsCheckout.open(plane, clones, credentials, deployed.deployment().slot())) {
            checkout.syncWithRemote();
            return Optional.of(checkout.readFolder(folder).isEmpty());
        } catch (IOException | GitAPIException e) {
            throw unreadable(plane, e);
        }
    }

    private List<String> compare(DeploymentOrder order, String added, String changed, String removed) {
        GitOpsDataPlane plane = (GitOpsDataPlane) order.dataPlane();
        Map<String, String> wanted = GitOpsLayout.withKustomization(ManifestRenderer.render(order,
                ManifestRenderer.SecretForm.EXTERNAL_REFERENCES, false).files());
        String folder = GitOpsLayout.folderOf(plane, order.deployment());
        try (GitOpsCheckout checkout = GitOpsCheckout.open(plane, clones, credentials, order.deployment().slot())) {
            checkout.syncWithRemote();
            Map<String, String> present = checkout.readFolder(folder);
            List<String> lines = new ArrayList<>();
            wanted.forEach((file, content) -> {
                if (!present.containsKey(file)) {
                    lines.add(added + folder + "/" + file);
                } else if (!present.get(file).equals(content)) {
                    lines.add(changed + folder + "/" + file);
                }
            });
            present.keySet().stream().filter(file -> !wanted.containsKey(file))
                    .forEach(file -> lines.add(removed + folder + "/" + file));
            return lines;
        } catch (IOException | GitAPIException e) {
            throw unreadable(plane, e);
        }
    }

    private static DataPlaneUnreachableException unreadable(GitOpsDataPlane plane, Exception e) {
        return new DataPlaneUnreachableException("GitOps repository " + plane.name() + " at " + plane.repository()
                + " could not be read: " + InputLimits.oneLine(e.getMessage()), e);
    }

    /**
     * Backs off exponentially from 50 ms to at most 2 s, with as much again at random, so that writers that keep
     * colliding spread out (about 10 s in all over the attempts).
     */
    private static void pause(int attempt) {
        long base = Math.min(2_000L, 50L << Math.min(attempt - 1, 6));
        try {
            Thread.sleep(base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String message(Deployment deployment, String folder) {
        String what = deployment.kind() == DeploymentKind.ROLLBACK
                ? "Roll back " + deployment.slot().project() + " " + deployment.slot().component() + " in "
                + deployment.environment() + " to deployment #" + deployment.restores()
                : "Deploy " + deployment.slot().project() + " " + deployment.slot().component() + " "
                + deployment.revision() + " to " + deployment.environment();
        return what + "\n\n"
                + "Deployment: #" + deployment.id() + "\n"
                + "Revision: " + oneLine(deployment.revision()) + "\n"
                + "Digest: " + deployment.image().digest().value() + "\n"
                + "Image: " + deployment.image() + "\n"
                + (deployment.pipeline() == null ? "" : "Pipeline: " + deployment.pipeline() + "\n")
                + (deployment.sourceEnvironment() == null ? "" : "Source: " + deployment.sourceEnvironment() + "\n")
                + "Path: " + folder + "\n"
                + (deployment.requestedBy().isEmpty() ? ""
                        : "Requested-by: " + oneLine(deployment.requestedBy()) + "\n")
                + (deployment.approvedBy() == null ? "" : "Approved-by: " + oneLine(deployment.approvedBy()) + "\n");
    }

    /** A value as one line: the engine refuses control characters where values enter; a trailer is never forged. */
    private static String oneLine(String value) {
        return value.replaceAll("\\p{Cntrl}", " ");
    }
}
