package io.cdpipelines.engine;

import io.cdpipelines.ledger.ChildJvm;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.testcluster.PostgresServer;
import io.cdpipelines.ledger.TestLedgers;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;
import io.cdpipelines.testing.RecordingDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.cdpipelines.engine.SharedLedgerPromoter.PER_PROCESS;
import static io.cdpipelines.engine.SharedLedgerPromoter.SLOTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engines in two processes on one PostgreSQL ledger: concurrent promotions never interleave and none is lost,
 * and a process killed mid-rollout gives up its slot within seconds, its deployment recorded abandoned.
 */
class SharedLedgerPromotionsTest {
    private static final Slot CART_DEV = new Slot("team-a", "cart", "dev");

    @TempDir
    Path markers;
    String ledger;

    @BeforeEach
    void sharedLedgerWithReleases() {
        ledger = PostgresServer.get().newDatabase();
        try (Ledger shared = TestLedgers.open(ledger)) {
            CdEngine engine = SharedLedgerPromoter.engine(shared, new RecordingDriver());
            for (int seed = 1; seed <= 2 * PER_PROCESS; seed++) {
                engine.recordRelease("team-a", "cart", "r" + seed, Organizations.image(seed), "", "ci");
            }
            for (int slot = 0; slot < SLOTS; slot++) {
                for (int seed = 1; seed <= 2 * PER_PROCESS / SLOTS; seed++) {
                    engine.recordRelease("team-a", "c" + slot, "r" + seed, Organizations.image(seed), "", "ci");
                }
            }
        }
    }

    @Test
    void fiftyPromotionsOfOneSlotAndFiftyOverTenFromTwoProcessesNeverInterleaveAndAreAllRecorded()
            throws Exception {
        List<Process> processes = List.of(
                ChildJvm.start(SharedLedgerPromoter.class, ledger, markers.toString(), "load", "0"),
                ChildJvm.start(SharedLedgerPromoter.class, ledger, markers.toString(), "load", "1"));
        List<String> lines = new ArrayList<>();
        for (Process process : processes) {
            BufferedReader output = ChildJvm.output(process);
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                lines.add(line);
            }
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
        assertThat(lines).as("what the two processes printed").allMatch(line -> line.startsWith("ack "))
                .hasSize(4 * PER_PROCESS);
        Set<Long> acknowledged = new HashSet<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            assertThat(parts[2]).isEqualTo("SUCCEEDED");
            acknowledged.add(Long.parseLong(parts[1]));
        }
        assertThat(acknowledged).hasSize(4 * PER_PROCESS);

        try (Ledger shared = TestLedgers.open(ledger)) {
            List<Deployment> all = shared.recentDeployments(1000);
            assertThat(all).extracting(Deployment::id).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(all).allMatch(Deployment::succeeded);
            assertThat(shared.history(CART_DEV, 1000)).hasSize(2 * PER_PROCESS);
            for (int slot = 0; slot < SLOTS; slot++) {
                assertThat(shared.history(new Slot("team-a", "c" + slot, "dev"), 1000))
                        .hasSize(2 * PER_PROCESS / SLOTS);
            }
            assertThat(shared.board(Optional.empty())).hasSize(1 + SLOTS);
            // as the ledger recorded them: in each slot, one deployment ended before the next began
            for (Deployment current : shared.board(Optional.empty())) {
                List<Deployment> slot = new ArrayList<>(shared.history(current.slot(), 1000));
                slot.sort(Comparator.comparing(Deployment::startedAt));
                for (int i = 1; i < slot.size(); i++) {
                    assertThat(slot.get(i).startedAt()).as("deployment #" + slot.get(i).id() + " of " + current.slot())
                            .isAfterOrEqualTo(slot.get(i - 1).finishedAt());
                }
                assertThat(current.id()).isEqualTo(slot.get(slot.size() - 1).id());
            }
        }
    }

    @Test
    void aProcessKilledMidRolloutGivesUpItsSlotWithinSecondsAndItsDeploymentIsRecordedAbandoned()
            throws Exception {
        RecordingDriver driver = new RecordingDriver();
        try (Ledger shared = TestLedgers.open(ledger)) {
            CdEngine engine = SharedLedgerPromoter.engine(shared, driver);
            Deployment first = engine.promote(PromotionRequest.of("team-a", "cart", "dev")
                    .digest(Organizations.digest(1)).by("alice", Trigger.MANUAL), line -> { });

            Process hanging = ChildJvm.start(SharedLedgerPromoter.class, ledger, markers.toString(), "hang");
            String rollingOut = ChildJvm.output(hanging).readLine();
            assertThat(rollingOut).startsWith("rolling out ");
            long abandonedId = Long.parseLong(rollingOut.substring("rolling out ".length()));
            hanging.destroyForcibly();
            assertThat(hanging.waitFor(20, TimeUnit.SECONDS)).isTrue();

            Instant killed = Instant.now();
            List<String> log = new ArrayList<>();
            Deployment next = engine.promote(PromotionRequest.of("team-a", "cart", "dev")
                    .digest(Organizations.digest(3)).by("bob", Trigger.MANUAL), log::add);
            assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(next.succeeded()).isTrue();

            List<Deployment> history = shared.history(CART_DEV, 10);
            Deployment abandoned = history.stream().filter(d -> d.id() == abandonedId).findFirst().orElseThrow();
            assertThat(abandoned.result()).isEqualTo(DeploymentResult.ABANDONED);
            assertThat(abandoned.abandoned()).isTrue();
            assertThat(abandoned.message()).startsWith("abandoned: process " + hanging.pid() + " on ");
            // the data plane may hold what the dead process applied: what ran before is restored first
            Deployment restored = history.stream().filter(d -> d.id() > abandonedId && d.id() < next.id())
                    .findFirst().orElseThrow();
            assertThat(restored.kind()).isEqualTo(DeploymentKind.ROLLBACK);
            assertThat(restored.restores()).isEqualTo(first.id());
            assertThat(log).anyMatch(line -> line.contains("because deployment #" + abandonedId + " was abandoned"));
            assertThat(shared.stateOf(CART_DEV).current()).contains(next);
        }
    }
}
