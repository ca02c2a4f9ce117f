package io.cdpipelines.ledger;

import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM with SIGKILL while it writes to the ledger, at a random moment, then reopens the ledger: every
 * acknowledged record is there, the store passes SQLite's integrity check, and it takes new writes.
 */
class LedgerCrashTest {
    private static final long SEED = Long.getLong("cdp.seed", 20261127L);

    @TempDir
    Path dataDirectory;

    @Test
    void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
        Random random = new Random(SEED);
        List<Long> acknowledged = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            Process child = ChildJvm.start(LedgerWriter.class, dataDirectory.toString(), "cart-" + round, "100000");
            BufferedReader output = ChildJvm.output(child);
            assertThat(output.readLine()).isEqualTo("open");
            int killAfter = 20 + random.nextInt(200);
            for (int seen = 0; seen < killAfter; ) {
                String line = output.readLine();
                if (line == null) { // the writer died early: say so, rather than wait for lines that never come
                    throw new AssertionError("seed " + SEED + ": the writer of round " + round + " ended after "
                            + seen + " acknowledgements, before it was killed (exit " + child.waitFor() + ")");
                }
                if (line.startsWith("ack ")) {
                    acknowledged.add(Long.parseLong(line.split(" ")[1]));
                    seen++;
                }
            }
            // SIGKILL on Unix: no shutdown hook, no close; through the handle, so the pipe stays readable
            child.toHandle().destroyForcibly();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("ack ")) { // acknowledged before the kill landed
                    acknowledged.add(Long.parseLong(line.split(" ")[1]));
                }
            }
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

            try (SqliteLedger ledger = SqliteLedger.open(dataDirectory)) {
                for (long id : acknowledged) {
                    Deployment deployment = ledger.deployment(id).orElseThrow(
                            () -> new AssertionError("seed " + SEED + ": acknowledged deployment #" + id + " is lost"));
                    assertThat(deployment.result()).isEqualTo(DeploymentResult.SUCCEEDED);
                }
                // the slot of the dead writer is free again
                ledger.claim(new io.cdpipelines.model.Slot("team-a", "cart-" + round, "dev"), "test",
                        Duration.ofSeconds(5)).close();
            }
            try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve(SqliteLedger.FILE_NAME));
                 ResultSet check = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
                check.next();
                assertThat(check.getString(1)).isEqualTo("ok");
            }
        }
        assertThat(acknowledged).doesNotHaveDuplicates().hasSizeGreaterThan(80);
    }
}
