package io.cdpipelines.engine;

import io.cdpipelines.ledger.SlotBusyException;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent promotions in seeded random interleavings: every deployment that ran is recorded once, none is lost or
 * duplicated, and no two deployments of one component ran in one environment at the same time.
 */
class ConcurrentPromotionRandomTest {
    private static final long SEED = Long.getLong("cdp.seed", 20261127L);
    private static final List<String> COMPONENTS = List.of("cart", "api");
    private static final List<String> TARGETS = List.of("dev", "dev", "staging");

    @TempDir
    Path dataDirectory;

    @Test
    void noLostOrDuplicatedRecordAndNeverTwoDeploymentsOfOneEnvironmentAtOnce() throws Exception {
        Random random = new Random(SEED);
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            CdEngine engine = fixture.engine;
            fixture.driver.pause(2);
            for (String component : COMPONENTS) {
                for (int seed = 1; seed <= 3; seed++) {
                    engine.recordRelease("team-a", component, "c" + seed, Organizations.image(seed), "", "ci");
                }
            }
            fixture.driver.failWhen(order -> order.deployment().image().digest().equals(Organizations.digest(3)));
            ConcurrentLinkedQueue<Deployment> returned = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            int threads = 8;
            int perThread = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                long threadSeed = random.nextLong();
                pool.submit(() -> {
                    Random own = new Random(threadSeed);
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String component = COMPONENTS.get(own.nextInt(COMPONENTS.size()));
                        String target = TARGETS.get(own.nextInt(TARGETS.size()));
                        PromotionRequest request = PromotionRequest.of("team-a", component, target)
                                .by("t", Trigger.MANUAL);
                        if (target.equals("dev")) {
                            request = request.digest(Organizations.digest(1 + own.nextInt(3)));
                        }
                        try {
                            returned.add(engine.promote(request, line -> { }));
                        } catch (RuleViolationException refused) {
                            if (refused instanceof SlotBusyException) {
                                unexpected.add(refused);
                            }
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

            assertThat(unexpected).as("seed " + SEED).isEmpty();
            assertThat(fixture.driver.overlaps()).as("seed " + SEED + ": concurrent deployments of one key").isZero();
            assertThat(fixture.driver.orders()).hasSize(returned.size());
            Set<Long> ids = new HashSet<>();
            returned.forEach(d -> ids.add(d.id()));
            assertThat(ids).as("seed " + SEED).hasSize(returned.size());
            List<Deployment> recorded = new ArrayList<>();
            for (String component : COMPONENTS) {
                for (String environment : List.of("dev", "staging")) {
                    recorded.addAll(fixture.ledger.history(new Slot("team-a", component, environment), 10_000));
                }
            }
            assertThat(recorded).as("seed " + SEED).containsExactlyInAnyOrderElementsOf(returned);
            for (Deployment deployment : recorded) {
                assertThat(deployment.result().finished()).isTrue();
            }
            // what the board shows is the last successful deployment of each key
            for (Deployment current : fixture.ledger.board(Optional.empty())) {
                Deployment latestSuccess = recorded.stream().filter(d -> d.slot().equals(current.slot()))
                        .filter(Deployment::succeeded).max(java.util.Comparator.comparingLong(Deployment::id)).orElseThrow();
                assertThat(current).isEqualTo(latestSuccess);
            }
        }
    }
}
