package io.cdpipelines.cli;

import io.cdpipelines.ledger.SqliteLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger that a newer installation wrote is refused by every command, reads too: an older one could misread what
 * it does not know (a result it has no name for), so it says to upgrade and touches nothing.
 */
class NewerLedgerTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    Path work;

    @Test
    void everyCommandRefusesALedgerOfANewerSchemaAndLeavesItAsItWas() throws Exception {
        Path config = FleetOrganization.write(work, FleetOrganization.bareRepository(work), """
                environments:
                  - {name: dev, dataPlane: fleet}
                pipelines:
                  - {name: standard, environments: [dev]}
                """);
        List<String> global = List.of("--config", config.toString(), "--data-dir", work.resolve("data").toString());
        assertThat(InProcessCdp.run(global, "release", "record", "--project", "shop", "--component", "cart",
                "--revision", "r1", "--image", IMAGE).code()).isZero();
        Path ledger = work.resolve("data").resolve(SqliteLedger.FILE_NAME);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + ledger);
             var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_history VALUES (99, 'from the future', 'x', 0)");
        }
        String before = digest(ledger);
        for (List<String> command : List.of(List.of("status"), List.of("history"), List.of("release", "list", "--project", "shop", "--component", "cart"),
                List.of("drift"), List.of("preview", "--project", "shop", "--component", "cart", "--revision", "r1",
                        "--to", "dev"),
                List.of("promote", "--project", "shop", "--component", "cart", "--revision", "r1", "--to", "dev"))) {
            InProcessCdp.Result result = InProcessCdp.run(global, command.toArray(String[]::new));
            assertThat(result.code()).as("%s: %s", command, result.err()).isEqualTo(ExitCodes.STORAGE);
            assertThat(result.err()).as("%s", command).isEqualTo("cdp: the ledger " + ledger + " was written by a "
                    + "newer version (schema 99, this installation knows 4); upgrade this installation\n");
            assertThat(result.out()).as("%s", command).isEmpty();
        }
        assertThat(digest(ledger)).as("the ledger is as it was").isEqualTo(before);
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
