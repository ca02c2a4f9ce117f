package io.cdpipelines.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sizes are capped before anything is read or parsed, and YAML's nesting and aliases before it is composed. */
class InputLimitsTest {
    @TempDir
    Path dir;

    @Test
    void anEndlessDeviceIsRefusedAfterTheLimitNotReadToTheEnd() {
        assertThatThrownBy(() -> InputLimits.readText("digest-file", Path.of("/dev/zero"),
                InputLimits.DIGEST_FILE_BYTES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("digest-file: /dev/zero is larger than 1 MiB, the limit for digest-file: give a smaller one");
    }

    @Test
    void aFileAtTheLimitIsReadAndOneByteMoreIsRefused() throws Exception {
        Path file = dir.resolve("digest");
        Files.write(file, new byte[1024]);
        assertThat(InputLimits.readBytes("digest-file", file, 1024)).hasSize(1024);
        Files.write(file, new byte[1025]);
        assertThatThrownBy(() -> InputLimits.readBytes("digest-file", file, 1024))
                .hasMessageContaining("is larger than 1 KiB");
        assertThatThrownBy(() -> InputLimits.readText("manifests", dir.resolve("none.yaml"), 1024))
                .hasMessage("manifests: no file " + dir.resolve("none.yaml"));
    }

    @Test
    void sizesCountUtf8Bytes() {
        InputLimits.requireSize("variables", "the value", "é".repeat(512), 1024);
        assertThatThrownBy(() -> InputLimits.requireSize("variables", "the value", "é".repeat(513), 1024))
                .hasMessage("variables: the value is larger than 1 KiB, the limit: keep large values in a mounted file");
    }

    @Test
    void deepFlowAndBlockNestingAreRefusedBeforeAnyParserRecursesIntoThem() {
        String flow = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> InputLimits.checkYaml("manifests", "the manifests", flow, InputLimits.MANIFESTS_BYTES))
                .hasMessage("manifests: nesting deeper than 64 levels in the manifests, the limit: flatten it");
        String block = "- ".repeat(10_000) + "x\n";
        assertThatThrownBy(() -> InputLimits.checkYaml("manifests", "the manifests", block, InputLimits.MANIFESTS_BYTES))
                .hasMessageContaining("nesting deeper than 64 levels");
        // what real manifests nest is far below the limit
        String deep = "a:\n" + "  ".repeat(1) + nested(40);
        InputLimits.checkYaml("manifests", "the manifests", deep, InputLimits.MANIFESTS_BYTES);
    }

    @Test
    void anAliasBombIsRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + previous + ", ").repeat(8))
                    .append('*').append(previous).append("]\n");
        }
        assertThatThrownBy(() -> InputLimits.checkYaml("", "the configuration", bomb.toString(),
                InputLimits.CONFIGURATION_BYTES))
                .hasMessage("more than 50 aliases of lists or maps in the configuration, the limit: write the "
                        + "values out");
    }

    @Test
    void aSyntaxErrorIsOneLineWithLineAndColumn() {
        String yaml = "environments:\n  - name: dev\n    dataPlane: [unclosed\n";
        assertThatThrownBy(() -> InputLimits.checkYaml("", "the configuration", yaml, InputLimits.CONFIGURATION_BYTES))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .startsWith("invalid YAML in the configuration at line 4, column 1: "));
    }

    @Test
    void configurationHoldsWhatItsConfigMapsHold() {
        String big = "x".repeat(600 * 1024);
        new Configuration(Map.of(), Map.of("/etc/a", big), Map.of());
        assertThatThrownBy(() -> new Configuration(Map.of(), Map.of("/etc/a", big, "/etc/b", big), Map.of()))
                .hasMessage("files: the total of the mounted files is larger than 1 MiB, the limit: mount large files "
                        + "from a volume or bake them into the image");
        assertThatThrownBy(() -> new Configuration(Map.of("BANNER", "x".repeat(33 * 1024)), Map.of(), Map.of()))
                .hasMessageStartingWith("variables: the value of BANNER is larger than 32 KiB, the limit");
        // layers merged for a deployment are held to the same limits
        Configuration environment = new Configuration(Map.of(), Map.of("/etc/a", big), Map.of());
        Configuration project = new Configuration(Map.of(), Map.of("/etc/b", big), Map.of());
        assertThatThrownBy(() -> environment.overriddenBy(project)).hasMessageStartingWith("files: ");
    }

    private static String nested(int levels) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            yaml.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        return yaml.append("  ".repeat(levels + 1)).append("v\n").toString();
    }
}
