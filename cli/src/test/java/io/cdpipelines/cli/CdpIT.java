package io.cdpipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cdpipelines.cli.CdpProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The packaged command, run as a process through the happy path and every documented error. */
class CdpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST = "sha256:" + "4f3c2b1a".repeat(8);
    private static final Path EXAMPLE = Path.of("..", "examples", "organization.yaml").toAbsolutePath();

    @TempDir
    Path work;

    private static void assertOneCleanError(CdpProcess.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err()).as(result.toString()).startsWith("cdp: ").contains(message)
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void quickstartRunsTheWholeJobOnTheEmbeddedDefault() throws Exception {
        CdpProcess.Result result = run(work, Map.of("USER", "dana"), "quickstart");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("wrote a sample organization to .cdp/organization.yaml",
                "1. recorded release shop/cart quickstart-1", "dev: deployment #1 of cart succeeded",
                "staging: deployment #2 of cart succeeded", "production: deployment #3 of cart succeeded",
                "the board:", "where things are:", "ledger:", "manifests:", "next: cdp history --environment",
                "the deploy view in a browser: cdp console (it prints the address to open)",
                "start over: rm -rf " + work.resolve(".cdp").toAbsolutePath());
        assertThat(result.out()).containsPattern("shop +cart +\\w{12} quickstart-1 #1 +\\w{12} quickstart-1 #2");

        Path repository = work.resolve(".cdp/gitops");
        List<RevCommit> commits = new ArrayList<>();
        try (Git git = Git.open(repository.toFile())) {
            git.log().call().forEach(commits::add);
            assertThat(git.status().call().isClean()).isTrue();
        }
        assertThat(commits).extracting(RevCommit::getShortMessage).containsExactly(
                "Deploy shop cart quickstart-1 to production", "Deploy shop cart quickstart-1 to staging",
                "Deploy shop cart quickstart-1 to dev");
        assertThat(commits.get(0).getAuthorIdent().getName()).isEqualTo("dana");
        assertThat(commits.get(0).getFullMessage()).contains("Deployment: #3", "Approved-by: erin");
        Path production = repository.resolve("production/shop/cart");
        String deployment = Files.readString(production.resolve("deployment-cart.yaml"));
        assertThat(deployment).contains("registry.example.com/shop/cart@sha256:").contains("namespace: \"shop\"");
        assertThat(Files.list(production).map(p -> p.getFileName().toString()).toList())
                .anyMatch(name -> name.startsWith("externalsecret-cart-secrets-"));

        CdpProcess.Result again = run(work, Map.of(), "quickstart");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("wrote a sample").contains("quickstart-2");
    }

    @Test
    void recordPromoteRollbackAndQueriesAsJson() throws Exception {
        String[] config = {"--config", EXAMPLE.toString(), "--data-dir", work.resolve("data").toString()};
        // the example names real clusters; the embedded default stands in through a local gitops data plane
        Path local = work.resolve("fleet");
        Git.init().setDirectory(local.toFile()).setInitialBranch("main").call().close();
        String yaml = Files.readString(EXAMPLE).replace("https://git.example.com/platform/fleet.git", local.toString())
                .replace("dataPlane: eu-cluster", "dataPlane: fleet").replace("dataPlane: us-cluster", "dataPlane: fleet");
        Path file = work.resolve("organization.yaml");
        Files.writeString(file, yaml);
        config[1] = file.toString();

        assertThat(cdp(config, "validate").out()).contains("is valid: 4 environments",
                "standard (dev → staging → production)", "global (dev → staging → {production, prod-us})",
                "default standard, 1 project").doesNotContain("1 projects");
        CdpProcess.Result record = cdp(config, "release", "record", "--project", "shop", "--component", "cart",
                "--revision", "9fceb02", "--image", "registry.example.com/shop/cart@" + DIGEST, "--port", "8080",
                "--output", "json");
        assertThat(JSON.readTree(record.out()).get("digest").asText()).isEqualTo(DIGEST);
        assertThat(cdp(config, "release", "list", "--project", "shop", "--component", "cart").out())
                .containsPattern("REVISION +DIGEST +RECORDED +BY +BUILD\\s+9fceb02 +4f3c2b1a4f3c ");
        assertThat(JSON.readTree(cdp(config, "release", "list", "--project", "shop", "--component", "cart",
                "--output", "json").out()).get(0).get("revision").asText()).isEqualTo("9fceb02");
        assertThat(cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "9fceb02").out()).contains("dev: committed");
        assertThat(cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "staging",
                "--set", "FEATURE=on").out()).containsPattern("staging +succeeded +#2");

        CdpProcess.Result preview = cdp(config, "preview", "--project", "shop", "--component", "cart", "--to",
                "production", "--from", "staging");
        assertThat(preview.out()).contains("image: (none) -> 4f3c2b1a4f3c", "+ variable LOG_LEVEL",
                "+ secret DB_PASSWORD", "needs approval by one of release-managers");
        // the soak left, in whole minutes of seconds rounded up: 60m, or 59m once a second has gone by
        assertThat(preview.out()).containsPattern("needs soak: (59|60)m more in staging \\(production requires 60m\\)");
        // soak of an hour is required in production: refused with the time to wait
        CdpProcess.Result early = run(work, Map.of(), concat(config, "promote", "--project", "shop", "--component",
                "cart", "--to", "production", "--approved-by", "erin:release-managers"));
        assertOneCleanError(early, 3, "production requires 1h of soak");

        JsonNode status = JSON.readTree(cdp(config, "status", "--output", "json").out());
        assertThat(status).hasSize(2);
        assertThat(status.get(1).get("configuration").get("variables").get("FEATURE").asText()).isEqualTo("on");

        // the digest from the metadata file docker buildx wrote: the manifest digest, not the config digest
        Path metadata = Files.writeString(work.resolve("metadata.json"), "{\"containerimage.config.digest\": "
                + "\"sha256:" + "8".repeat(64) + "\", \"containerimage.digest\": \"sha256:" + "9".repeat(64) + "\"}");
        assertThat(cdp(config, "release", "record", "--project", "shop", "--component", "cart", "--revision",
                "a1b2c3d", "--image", "registry.example.com/shop/cart:latest", "--digest-file", metadata.toString(),
                "--port", "8080").out()).contains("= registry.example.com/shop/cart@sha256:" + "9".repeat(64));
        cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev", "--revision", "a1b2c3d");
        CdpProcess.Result rollback = cdp(config, "rollback", "--project", "shop", "--component", "cart",
                "--environment", "dev");
        assertThat(rollback.out()).contains("rolling cart back to deployment #1").containsPattern("rollback +succeeded");
        CdpProcess.Result automatic = run(work, Map.of(), concat(config, "promote", "--project", "shop",
                "--component", "cart", "--to", "dev", "--revision", "a1b2c3d", "--automatic"));
        assertOneCleanError(automatic, 3, "an automatic promotion does not override a rollback");

        JsonNode history = JSON.readTree(cdp(config, "history", "--environment", "dev", "--output", "json").out());
        assertThat(history).extracting(node -> node.get("kind").asText()).containsExactly("ROLLBACK", "PROMOTION",
                "PROMOTION");
        JsonNode oneProjectInDev = JSON.readTree(cdp(config, "history", "--project", "shop", "--environment", "dev",
                "--limit", "2", "--output", "json").out());
        assertThat(oneProjectInDev).extracting(node -> node.get("kind").asText()).containsExactly("ROLLBACK",
                "PROMOTION");
        assertThat(cdp(config, "drift").out()).contains("in sync");
        try (Git git = Git.open(local.toFile())) {
            assertThat(git.log().call().iterator().next().getShortMessage())
                    .isEqualTo("Roll back shop cart in dev to deployment #1");
        }
    }

    @Test
    void badInputRefusalsAndFailuresExitWithTheirCodesAndOneMessage() throws Exception {
        String[] config = {"--config", EXAMPLE.toString(), "--data-dir", work.resolve("data").toString()};
        Path malformed = Files.writeString(work.resolve("bad.yaml"), "environments: [dev\n");
        assertOneCleanError(run(work, Map.of(), "validate", "--config", malformed.toString()), 2,
                "invalid YAML in the configuration in " + malformed + " at line");
        Path unknownKey = Files.writeString(work.resolve("unknown.yaml"),
                "environments: [{name: dev, dataPlane: x, colour: red}]\n");
        assertOneCleanError(run(work, Map.of(), "validate", "--config", unknownKey.toString()), 2,
                "environments[0].colour: unknown key \"colour\"");
        assertOneCleanError(run(work, Map.of(), "status", "--data-dir", work.resolve("none").toString()), 2,
                "no organization configuration at");

        assertOneCleanError(run(work, Map.of(), concat(config, "release", "record", "--project", "shop",
                "--component", "cart", "--revision", "1", "--image", "registry.example.com/shop/cart:latest")), 2,
                "names no digest but a tag");
        // endless and oversized inputs are refused at their limit, not read to the end
        assertOneCleanError(run(work, Map.of(), concat(config, "release", "record", "--project", "shop",
                "--component", "cart", "--revision", "1", "--image", "registry.example.com/shop/cart",
                "--digest-file", "/dev/zero")), 2, "digest-file: /dev/zero is larger than 1 MiB, the limit");
        assertOneCleanError(run(work, Map.of(), concat(config, "release", "record", "--project", "shop",
                "--component", "cart", "--revision", "1", "--image", "registry.example.com/shop/cart@" + DIGEST,
                "--manifests", "/dev/zero")), 2, "manifests: /dev/zero is larger than 2 MiB, the limit");
        Path huge = Files.writeString(work.resolve("huge.yaml"), "# padding\n".repeat(300_000));
        assertOneCleanError(run(work, Map.of(), "validate", "--config", huge.toString()), 2,
                "is larger than 2 MiB, the limit for config");
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "shop", "--component", "cart",
                "--to", "qa", "--digest", DIGEST)), 2, "unknown environment \"qa\"");
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "/shop/", "--component",
                "cart", "--to", "dev", "--digest", DIGEST)), 2, "is not a project path");
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "ghost", "--component", "cart",
                "--to", "dev", "--digest", DIGEST)), 3, "no release of ghost/cart with digest");
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "shop", "--component", "cart",
                "--to", "production", "--from", "dev")), 3, "pipeline standard has no path dev → production");
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "shop", "--component", "cart",
                "--to", "dev", "--digest", "sha256:123")), 2, "is not an image digest");
        assertOneCleanError(run(work, Map.of(), "promote", "--config", EXAMPLE.toString(), "--to", "dev"), 2,
                "Missing required options");

        // a misspelt option is named as such, not reported as the option it was meant to be
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "shop", "--component", "cart",
                "--too", "dev", "--digest", DIGEST)), 2, "Unknown options: '--too', 'dev' (did you mean --to?)");
        assertOneCleanError(run(work, Map.of(), concat(config, "promote", "--project", "shop", "--component", "cart",
                "--to", "dev", "--digest", DIGEST, "--pipeline", "nightly")), 2,
                "pipeline: unknown pipeline \"nightly\" (known: global, standard)");
        assertOneCleanError(run(work, Map.of(), concat(config, "drift", "--environment", "nowhere")), 2,
                "unknown environment \"nowhere\"");
        assertOneCleanError(run(work, Map.of(), concat(config, "history", "--environment", "dev", "--limit", "-1")), 2,
                "--limit: -1 is not a number of deployments: give 1 or more");

        Path unwritable = Files.writeString(work.resolve("a-file"), "x").resolve("data");
        assertOneCleanError(run(work, Map.of(), "status", "--config", EXAMPLE.toString(), "--data-dir",
                unwritable.toString()), 4, "cannot create the data directory");
    }

    @Test
    void lockedLedgerIsAStorageErrorNamingTheWait() throws Exception {
        String[] config = {"--config", EXAMPLE.toString(), "--data-dir", work.resolve("data").toString()};
        cdp(config, "status");
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("data/ledger.db"));
             Statement statement = holder.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("INSERT INTO meta VALUES ('held', 'by the test')");
            CdpProcess.Result locked = run(work, Map.of(), concat(config, "--lock-timeout", "1s", "release", "record",
                    "--project", "shop", "--component", "cart", "--revision", "1",
                    "--image", "registry.example.com/shop/cart@" + DIGEST));
            assertOneCleanError(locked, 4, "is locked by another process (waited 1s");
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void failedDeploymentExitsOneAndIsRecorded() throws Exception {
        Path yaml = Files.writeString(work.resolve("org.yaml"), """
                dataPlanes:
                  - gitops: {name: gone, repository: "%s"}
                environments:
                  - {name: dev, dataPlane: gone}
                pipelines:
                  - {name: only, environments: [dev]}
                """.formatted(work.resolve("missing.git").toUri()));
        String[] config = {"--config", yaml.toString(), "--data-dir", work.resolve("data").toString()};
        cdp(config, "release", "record", "--project", "p", "--component", "c", "--revision", "1",
                "--image", "registry.example.com/p/c@" + DIGEST);
        CdpProcess.Result failed = run(work, Map.of(), concat(config, "promote", "--project", "p", "--component", "c",
                "--to", "dev", "--revision", "1"));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("dev: deployment #1 of c failed: GitOps repository gone failed");
        JsonNode history = JSON.readTree(cdp(config, "history", "--environment", "dev", "--output", "json").out());
        assertThat(history.get(0).get("result").asText()).isEqualTo("FAILED");
        // the board does not hide the failed attempt: nothing runs in dev, and the last attempt failed
        assertThat(cdp(config, "status").out()).contains("- (last #1 FAILED)");
        JsonNode board = JSON.readTree(cdp(config, "status", "--output", "json").out());
        assertThat(board.get(0).get("environment").asText()).isEqualTo("dev");
        assertThat(board.get(0).has("id")).isFalse();
        assertThat(board.get(0).get("lastAttempt").get("result").asText()).isEqualTo("FAILED");
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        CdpProcess.Result result = run(work, Map.of(), "validate", "--debug", "--config", "missing.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("\tat io.cdpipelines");
    }

    @Test
    void everyCommandHasHelpWithAnExample() throws Exception {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("quickstart"), List.of("validate"),
                List.of("release", "record"), List.of("release", "list"), List.of("promote"), List.of("rollback"),
                List.of("status"),
                List.of("history"), List.of("preview"), List.of("drift"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CdpProcess.Result help = run(work, Map.of(), args.toArray(String[]::new));
            assertThat(help.exitCode()).as(help.toString()).isZero();
            assertThat(help.out()).as(String.join(" ", command)).contains("Usage: cdp").contains("Example");
            // every option says what it is for (beside it, or on the next line when the option is long)
            List<String> lines = help.out().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("( {2}-\\w, | {6})--[\\w-]+(=\\S+)?\\s*")) { // not the synopsis
                    assertThat(i + 1 < lines.size() && lines.get(i + 1).matches(" {10,}\\S.*"))
                            .as(String.join(" ", command) + " leaves " + lines.get(i).strip() + " undescribed").isTrue();
                }
            }
        }
    }

    @Test
    void launcherAtTheRepositoryRootRunsTheCommand() throws Exception {
        Path launcher = Path.of(System.getProperty("cdp.launcher", "../cdp")).toAbsolutePath();
        CdpProcess.Result result = CdpProcess.start(work, Map.of(), List.of(launcher.toString(), "--version"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("cdp 0.1.0");
        // its hints name the command as it was typed
        CdpProcess.Result hint = CdpProcess.start(work, Map.of(), List.of(launcher.toString(), "status",
                "--data-dir", work.resolve("none").toString()));
        assertThat(hint.err()).contains("or run '" + launcher + " quickstart' to write a sample");
    }

    private CdpProcess.Result cdp(String[] config, String... args) throws Exception {
        CdpProcess.Result result = run(work, Map.of(), concat(config, args));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static String[] concat(String[] first, String... second) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(second));
        return all.toArray(String[]::new);
    }
}
