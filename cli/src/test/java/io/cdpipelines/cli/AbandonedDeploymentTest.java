package io.cdpipelines.cli;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run killed between its GitOps commit and its ledger record leaves the commit on the branch while the ledger
 * records the deployment abandoned; the next command that takes the slot restores what the ledger says runs, even
 * when what it asked for is then refused, so repository and ledger agree again.
 */
class AbandonedDeploymentTest {
    private static final String FIRST = "sha256:" + "4f3c2b1a".repeat(8);
    private static final String SECOND = "sha256:" + "9e8d7c6b".repeat(8);

    @TempDir
    Path work;

    private List<String> arguments(Path config) {
        return List.of("--config", config.toString(), "--data-dir", work.resolve("data").toString());
    }

    private InProcessCdp.Result cdp(Path config, String... args) {
        return InProcessCdp.run(arguments(config), args);
    }

    /** Runs {@code cdp args} in its own JVM and kills it right after its GitOps commit. */
    private void killedAfterCommit(Path config, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), KilledAfterCommit.class.getName()));
        command.addAll(arguments(config));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("committed");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Path organization(Path fleet) throws Exception {
        return FleetOrganization.write(work, fleet, """
                environments:
                  - {name: dev, dataPlane: fleet}
                pipelines:
                  - {name: standard, environments: [dev]}
                """);
    }

    private static String deploymentFile(Path fleet) throws Exception {
        Path clone = fleet.resolveSibling("inspect");
        try (Git git = Git.cloneRepository().setURI(fleet.toUri().toString()).setDirectory(clone.toFile()).call()) {
            return Files.readString(clone.resolve("dev/shop/cart/deployment-cart.yaml"));
        } finally {
            try (var files = Files.walk(clone)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path releasedAndDeployedOnce(Path fleet) throws Exception {
        Path config = organization(fleet);
        for (String[] release : new String[][] {{"r1", FIRST}, {"r2", SECOND}}) {
            assertThat(cdp(config, "release", "record", "--project", "shop", "--component", "cart", "--revision",
                    release[0], "--image", "registry.example.com/shop/cart@" + release[1]).code()).isZero();
        }
        assertThat(cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev", "--revision",
                "r1").code()).isZero();
        return config;
    }

    /**
     * r1 deployed to dev, then a promotion of r2 killed right after its commit to {@code fleet}, a local repository
     * written in place: the commit is on the branch as soon as it is made, the ledger has it under way.
     */
    private Path abandonedInPlace(Path fleet) throws Exception {
        Git.init().setDirectory(fleet.toFile()).setInitialBranch("main").call().close();
        Path config = releasedAndDeployedOnce(fleet);
        killedAfterCommit(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r2");
        assertThat(deploymentFile(fleet)).contains(SECOND);
        return config;
    }

    @Test
    void theNextClaimRestoresWhatTheLedgerSaysRunsWhenTheRepositoryHoldsTheAbandonedCommit() throws Exception {
        Path fleet = work.resolve("fleet");
        Path config = abandonedInPlace(fleet);
        assertThat(cdp(config, "drift").code()).isEqualTo(ExitCodes.DRIFT);

        // the next command to take the slot asks for a revision that was never recorded: refused, but only after
        // it has put back what the ledger says runs
        InProcessCdp.Result refused = cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r3");
        assertThat(refused.code()).as(refused.err()).isNotZero();
        assertThat(refused.out()).contains("dev: restoring deployment #1 (" + FIRST.substring(7, 19)
                + ") because deployment #2 was abandoned");
        assertThat(deploymentFile(fleet)).contains(FIRST).doesNotContain(SECOND);
        assertThat(cdp(config, "history", "--environment", "dev").out())
                .containsPattern("(?m)^3 +shop +cart +dev +rollback +succeeded +4f3c2b1a4f3c")
                .containsPattern("(?m)^2 +shop +cart +dev +promotion +abandoned +9e8d7c6b9e8d");
        assertThat(cdp(config, "--output", "json", "history", "--environment", "dev").out()).contains("abandoned: process");
        InProcessCdp.Result drift = cdp(config, "drift");
        assertThat(drift.code()).as(drift.out() + drift.err()).isZero();

        // nothing abandoned is left: the next promotion restores nothing
        InProcessCdp.Result next = cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r2");
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(next.out()).doesNotContain("restoring");
        assertThat(deploymentFile(fleet)).contains(SECOND);
    }

    @Test
    void nothingIsRestoredWhenTheAbandonedCommitNeverReachedTheRemote() throws Exception {
        // killed after its commit in the clone and before the push: the remote still holds deployment #1
        Path fleet = work.resolve("fleet.git");
        Git.init().setBare(true).setDirectory(fleet.toFile()).setInitialBranch("main").call().close();
        Path config = releasedAndDeployedOnce(fleet);
        killedAfterCommit(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r2");
        assertThat(deploymentFile(fleet)).contains(FIRST);

        InProcessCdp.Result refused = cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r3");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.out()).contains("dev: deployment #2 was abandoned; the data plane still holds deployment "
                + "#1, so nothing is restored").doesNotContain("restoring");
        assertThat(cdp(config, "history", "--environment", "dev").out()).doesNotContainPattern("(?m)^3 ");
        assertThat(cdp(config, "drift").code()).isZero();
    }

    @Test
    void aRunningConsoleRestoresTheSlotWithin30SecondsWithoutAnotherPromotion() throws Exception {
        Path fleet = work.resolve("fleet");
        Path config = abandonedInPlace(fleet);

        Cdp options = new Cdp();
        new picocli.CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(arguments(config).toArray(String[]::new));
        try (Workspace workspace = Workspace.open(options);
             var console = io.cdpipelines.cli.console.ConsoleServer.start(workspace.engine,
                     new io.cdpipelines.cli.console.ConsoleTokens(), new java.net.InetSocketAddress(
                             java.net.InetAddress.getLoopbackAddress(), 0))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!deploymentFile(fleet).contains(FIRST) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        assertThat(deploymentFile(fleet)).as("restored by the console within 30 s").contains(FIRST)
                .doesNotContain(SECOND);
        assertThat(cdp(config, "history", "--environment", "dev").out())
                .containsPattern("(?m)^3 +shop +cart +dev +rollback +succeeded +4f3c2b1a4f3c")
                .containsPattern("(?m)^2 +shop +cart +dev +promotion +abandoned +9e8d7c6b9e8d");
        assertThat(cdp(config, "drift").code()).isZero();
    }
}
