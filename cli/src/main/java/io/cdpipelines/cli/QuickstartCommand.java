package io.cdpipelines.cli;

import io.cdpipelines.gitops.EmbeddedDefault;
import io.cdpipelines.model.ContentHash;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.promotion.PromotionRequest;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole job on the embedded default: a sample organization, a release recorded once and promoted dev → staging →
 * production with each environment's configuration, and the board. Run it again and a new release follows.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Write a sample organization (if the data directory has none), record a release and promote "
                + "it dev -> staging -> production on the local GitOps repository, then show the board.",
        footer = {"", "Example:", "  cdp quickstart --data-dir /tmp/cdp-demo"})
final class QuickstartCommand extends WorkspaceCommand {
    private static final String PROJECT = "shop";
    private static final String COMPONENT = "cart";

    @Override
    public Integer call() {
        Cdp options = options();
        Path config = options.config();
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(config)) {
            writeSample(config);
            out.println("wrote a sample organization to " + config);
        }
        return super.call();
    }

    @Override
    int run(Workspace workspace, Output output) {
        PrintWriter out = spec.commandLine().getOut();
        int number = workspace.ledger.releases(PROJECT, COMPONENT, 10_000).size() + 1;
        String revision = "quickstart-" + number;
        ImageDigest digest = ImageDigest.of(ContentHash.of(Map.of("quickstart", number)));
        Release release = workspace.engine.recordRelease(PROJECT, COMPONENT, revision,
                new ImageReference("registry.example.com/shop/cart", digest), new Workload(null, 8080, 2),
                "cdp quickstart", "ci");
        out.println();
        out.println("1. recorded release " + PROJECT + "/" + COMPONENT + " " + revision + " = " + release.image());

        String me = user(null);
        PromotionRequest cart = PromotionRequest.of(PROJECT, COMPONENT, "dev").by(me, Trigger.MANUAL);
        out.println("2. promote to dev (the pipeline's first environment takes the recorded release)");
        Deployment dev = workspace.engine.promote(cart.revision(revision), output::progress);
        out.println("3. promote to staging (copies what runs healthy in dev)");
        Deployment staging = workspace.engine.promote(cart.to("staging"), output::progress);
        out.println("4. promote to production (requires approval by release-managers: erin approves)");
        Deployment production = workspace.engine.promote(cart.to("production")
                .approvals(List.of(Approval.by("erin", "release-managers"))), output::progress);

        out.println();
        out.println("configuration per environment (same image everywhere):");
        for (Deployment d : List.of(dev, staging, production)) {
            out.println("  " + d.environment() + ": " + new java.util.TreeMap<>(d.configuration().variables())
                    + (d.configuration().files().isEmpty() ? "" : " files " + d.configuration().files().keySet())
                    + (d.configuration().secrets().isEmpty() ? "" : " secrets " + d.configuration().secrets().keySet()));
        }
        out.println();
        out.println("the board:");
        StatusCommand.printBoard(workspace, output, Optional.empty(), out);
        out.println();
        out.println("where things are:");
        out.println("  configuration:  " + workspace.config.toAbsolutePath());
        out.println("  ledger:         " + workspace.ledgerAddress.describe());
        out.println("  manifests:      " + workspace.dataDirectory.resolve(EmbeddedDefault.FOLDER)
                .resolve("production").resolve(PROJECT).resolve(COMPONENT)
                + "  (a Git repository: git -C " + workspace.dataDirectory.resolve(EmbeddedDefault.FOLDER) + " log)");
        out.println();
        String cdp = Cdp.invokedAs();
        out.println("next: " + cdp + " history --environment production | " + cdp + " rollback --project shop "
                + "--component cart --environment production | " + cdp + " quickstart (again: a new release)");
        out.println("the deploy view in a browser: " + cdp + " console" + (workspace.dataDirectory.equals(
                Path.of(".cdp").toAbsolutePath().normalize()) ? "" : " --data-dir " + workspace.dataDirectory)
                + " (it prints the address to open)");
        out.println("start over: rm -rf " + workspace.dataDirectory.toAbsolutePath()
                + " (the sample organization, the ledger and the GitOps repository)");
        out.flush();
        return List.of(dev, staging, production).stream().allMatch(Deployment::succeeded) ? ExitCodes.SUCCESS
                : ExitCodes.DEPLOYMENT_FAILED;
    }

    private static void writeSample(Path config) {
        try (InputStream sample = QuickstartCommand.class.getResourceAsStream("quickstart-organization.yaml")) {
            if (config.toAbsolutePath().getParent() != null) {
                Files.createDirectories(config.toAbsolutePath().getParent());
            }
            Files.write(config, sample.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample organization to " + config + ": "
                    + e.getMessage(), e);
        }
    }
}
