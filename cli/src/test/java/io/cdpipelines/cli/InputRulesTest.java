package io.cdpipelines.cli;

import io.cdpipelines.ledger.SqliteLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each input rule says when it refuses: the item, the field and the way out, in one line (the corpus of
 * {@link MalformedInputCorpusTest} checks that each is refused and writes nothing; this checks the words).
 */
class InputRulesTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    Path work;
    private Path config;

    @BeforeEach
    void organization() throws Exception {
        config = FleetOrganization.write(work, FleetOrganization.bareRepository(work), """
                environments:
                  - {name: dev, dataPlane: fleet}
                  - name: staging
                    dataPlane: fleet
                    configuration:
                      variables: [{name: GREETING, value: hello}]
                pipelines:
                  - {name: standard, environments: [dev, staging]}
                """);
    }

    private InProcessCdp.Result cdp(Path organization, String... args) {
        return InProcessCdp.run(List.of("--config", organization.toString(), "--data-dir",
                work.resolve("data").toString()), args);
    }

    private static String refusal(InProcessCdp.Result result) {
        assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err().lines()).as(result.err()).hasSize(1);
        return result.err();
    }

    @Test
    void aConfigurationThatIsNotUtf8IsRefusedWithWhereItGoesWrong() throws Exception {
        Path latin1 = Files.write(work.resolve("latin-1.yaml"), Files.readString(config)
                .replace("hello", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(refusal(cdp(latin1, "validate"))).contains(latin1.toString(), "is not UTF-8 text", "line 8",
                "0xe9", "save it as UTF-8");
    }

    @Test
    void aFileOfCommentsOnlySaysWhereItIs() throws Exception {
        Path comments = Files.writeString(work.resolve("comments.yaml"), "# to do\n\n# later\n");
        assertThat(refusal(cdp(comments, "validate"))).contains("the configuration in " + comments,
                "holds no settings", "quickstart");
    }

    @Test
    void anEmptyDataDirectoryIsRefusedBeforeAnythingIsWrittenHere() {
        InProcessCdp.Result result = InProcessCdp.run(List.of("--config", config.toString(), "--data-dir", ""),
                "release", "record", "--project", "shop", "--component", "cart", "--revision", "r1", "--image", IMAGE);
        assertThat(refusal(result)).contains("--data-dir", "is empty", ".cdp");
        assertThat(Path.of(SqliteLedger.FILE_NAME)).doesNotExist();
    }

    @Test
    void aComponentThatIsNotADnsLabelIsRefusedWhenRecorded() throws Exception {
        assertThat(refusal(cdp(config, "release", "record", "--project", "shop", "--component", "Cart_Service",
                "--revision", "r1", "--image", IMAGE))).contains("component", "\"Cart_Service\" is not a component name",
                "lower-case letters");
        try (Connection ledger = DriverManager.getConnection("jdbc:sqlite:"
                + work.resolve("data").resolve(SqliteLedger.FILE_NAME));
             ResultSet rows = ledger.createStatement().executeQuery("SELECT count(*) FROM releases")) {
            rows.next();
            assertThat(rows.getInt(1)).as("releases recorded").isZero();
        }
    }

    @Test
    void anImageRepositoryOutsideTheOciGrammarIsRefused() {
        assertThat(refusal(cdp(config, "release", "record", "--project", "shop", "--component", "cart",
                "--revision", "r1", "--image", "reg.example/$(id)/cart@sha256:" + "4f3c2b1a".repeat(8))))
                .contains("\"reg.example/$(id)/cart\" is not an image repository as registries name them",
                        "registry.example.com/shop/cart");
    }

    @Test
    void theSameTargetTwiceIsRefusedBeforeAnythingRuns() {
        assertThat(cdp(config, "release", "record", "--project", "shop", "--component", "cart", "--revision", "r1",
                "--image", IMAGE).code()).isZero();
        assertThat(refusal(cdp(config, "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--to", "dev", "--revision", "r1"))).contains("\"dev\" is given twice", "each environment once");
        assertThat(cdp(config, "history", "--environment", "dev").out()).doesNotContain("PROMOTION");
    }

    @Test
    void anEmptyApproverAMountPathOutOfItsFolderAndACredentialPathAreNamedWhereTheyStand() throws Exception {
        Path broken = Files.writeString(work.resolve("broken.yaml"), Files.readString(config).replace(
                "      variables: [{name: GREETING, value: hello}]\n",
                "      variables: [{name: GREETING, value: hello}]\n"
                        + "      files: [{path: /etc/app/.., content: x}]\n"
                        + "      secrets: [{name: TOKEN, credentialsId: ../token}]\n"
                        + "    protection: {approvalRequired: true, approvers: [\"\"]}\n"));
        InProcessCdp.Result result = cdp(broken, "validate");
        assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("environments[1].protection.approvers: an approver is empty",
                "environments[1].configuration.files: \"/etc/app/..\" is not a normalized file path",
                "environments[1].configuration.secrets.TOKEN.credentialsId: \"../token\" is not a credentials id");
    }
}
