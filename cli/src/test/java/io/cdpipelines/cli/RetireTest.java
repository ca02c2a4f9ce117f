package io.cdpipelines.cli;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An environment that still runs something cannot leave the configuration; it says what runs there and how to
 * retire it, and retiring checks the data plane first.
 */
class RetireTest {
    private static final String DIGEST = "sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    Path work;

    private InProcessCdp.Result cdp(Path config, String... args) {
        return InProcessCdp.run(List.of("--config", config.toString(), "--data-dir", work.resolve("data").toString()),
                args);
    }

    @Test
    void anEnvironmentLeavesOnlyOnceWhatRanThereIsRetired() throws Exception {
        Path fleet = work.resolve("fleet.git");
        Git.init().setBare(true).setDirectory(fleet.toFile()).setInitialBranch("main").call().close();
        String withQa = """
                dataPlanes:
                  - gitops: {name: fleet, repository: "%s"}
                environments:
                  - {name: dev, dataPlane: fleet}
                  - {name: qa, dataPlane: fleet}
                pipelines:
                  - {name: standard, environments: [dev, qa]}
                """.formatted(fleet);
        Path config = Files.writeString(work.resolve("org.yaml"), withQa);
        assertThat(cdp(config, "release", "record", "--project", "shop", "--component", "cart", "--revision", "r1",
                "--image", "registry.example.com/shop/cart@" + DIGEST).code()).isZero();
        assertThat(cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev", "--revision",
                "r1").code()).isZero();
        assertThat(cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "qa").code()).isZero();

        Path withoutQa = Files.writeString(work.resolve("without-qa.yaml"), withQa
                .replace("  - {name: qa, dataPlane: fleet}\n", "").replace("[dev, qa]", "[dev]"));
        InProcessCdp.Result refused = cdp(withoutQa, "validate");
        assertThat(refused.code()).as(refused.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("environment qa still runs shop/cart #2: keep the environment until they "
                + "are retired", "cdp retire --project P --component C --environment E");
        // the board still shows it, marked
        assertThat(cdp(withoutQa, "status").out()).contains("qa (not configured)");

        // retiring checks the data plane: the workload is still in the repository
        InProcessCdp.Result stillThere = cdp(config, "retire", "--project", "shop", "--component", "cart", "--environment", "qa");
        assertThat(stillThere.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(stillThere.err()).contains("shop/cart still runs in qa (deployment #2 on data plane fleet): remove "
                + "its workload from the data plane first");

        Path clone = work.resolve("clone");
        try (Git git = Git.cloneRepository().setURI(fleet.toUri().toString()).setDirectory(clone.toFile()).call()) {
            git.rm().addFilepattern("qa/shop/cart").call();
            git.commit().setMessage("Remove cart from qa").setAuthor("ops", "ops@example.com")
                    .setCommitter("ops", "ops@example.com").call();
            git.push().call();
        }
        InProcessCdp.Result retired = cdp(config, "retire", "--project", "shop", "--component", "cart", "--environment", "qa");
        assertThat(retired.code()).as(retired.err()).isZero();
        // the retirement is a row of the history, by whom and of what; what ran there stays in the history
        assertThat(cdp(config, "history", "--environment", "qa").out())
                .containsPattern("(?m)^3 +shop +cart +qa +retirement +succeeded +4f3c2b1a4f3c +r1 ")
                .containsPattern("(?m)^2 +shop +cart +qa +promotion +succeeded ");
        assertThat(cdp(config, "--output", "json", "history", "--environment", "qa").out())
                .contains("\"kind\" : \"RETIREMENT\"", "\"retires\" : 2");
        assertThat(cdp(withoutQa, "validate").code()).isZero();
        assertThat(cdp(withoutQa, "status").out()).doesNotContain("qa");
        // nothing runs there any more: there is nothing to retire
        assertThat(cdp(config, "retire", "--project", "shop", "--component", "cart", "--environment", "qa").code())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }
}
