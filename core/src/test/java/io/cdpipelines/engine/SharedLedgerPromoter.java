package io.cdpipelines.engine;

import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.TestLedgers;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An engine in a process of its own over a shared ledger: {@code SharedLedgerPromoter <ledger> <marker dir> load <n>}
 * runs 25 concurrent promotions of team-a/cart to dev and 25 over ten other components (process {@code n} of two),
 * printing {@code ack <id> <result>} for each; {@code hang} starts one promotion whose rollout never ends, printing
 * {@code rolling out}. Its driver marks a slot's deployment with a file while it runs: a second one finding the file
 * prints {@code overlap}, which two processes can only do if the ledger let them interleave.
 */
public final class SharedLedgerPromoter {
    static final int PER_PROCESS = 25;
    static final int SLOTS = 10;

    private SharedLedgerPromoter() {
    }

    public static void main(String[] args) throws Exception {
        Path markers = Path.of(args[1]);
        boolean hang = args[2].equals("hang");
        try (Ledger ledger = TestLedgers.open(args[0])) {
            CdEngine engine = engine(ledger, new MarkerDriver(markers, hang));
            if (hang) {
                engine.promote(PromotionRequest.of("team-a", "cart", "dev").digest(Organizations.digest(2))
                        .by("hanging", Trigger.MANUAL), line -> { });
                return;
            }
            int process = Integer.parseInt(args[3]);
            ExecutorService pool = Executors.newFixedThreadPool(2 * PER_PROCESS);
            CountDownLatch start = new CountDownLatch(1);
            List<Runnable> promotions = new ArrayList<>();
            for (int t = 0; t < PER_PROCESS; t++) {
                int seed = process * PER_PROCESS + t + 1;
                promotions.add(() -> promote(engine, "cart", seed));
                int overall = process * PER_PROCESS + t; // 0..49 over both processes: five per slot
                int slot = overall % SLOTS;
                int release = overall / SLOTS + 1;
                promotions.add(() -> promote(engine, "c" + slot, release));
            }
            for (Runnable promotion : promotions) {
                pool.submit(() -> {
                    start.await();
                    promotion.run();
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                System.out.println("timeout");
            }
        }
        System.out.flush();
    }

    private static void promote(CdEngine engine, String component, int seed) {
        try {
            Deployment deployment = engine.promote(PromotionRequest.of("team-a", component, "dev")
                    .digest(Organizations.digest(seed)).by("p" + ProcessHandle.current().pid(), Trigger.MANUAL),
                    line -> { });
            say("ack " + deployment.id() + " " + deployment.result());
        } catch (RuntimeException e) {
            say("error " + component + " " + seed + ": " + e);
        }
    }

    static CdEngine engine(Ledger ledger, DeploymentDriver driver) {
        return CdEngine.builder(Organizations.organization(), ledger).driver(driver)
                .slotWait(Duration.ofMinutes(3)).secrets((reference, key) -> SecretValue.of("x")).build();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Marks a slot while its deployment runs; a mark already there is an interleaving. */
    static final class MarkerDriver implements DeploymentDriver {
        private final Path markers;
        private final boolean hang;

        MarkerDriver(Path markers, boolean hang) {
            this.markers = markers;
            this.hang = hang;
        }

        @Override
        public boolean supports(DataPlane dataPlane) {
            return true;
        }

        @Override
        public DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log) {
            Slot key = order.deployment().slot();
            Path marker = markers.resolve(key.component() + "@" + key.environment());
            try {
                Files.createFile(marker);
            } catch (FileAlreadyExistsException e) {
                say("overlap " + key);
                return DeploymentOutcome.failed("overlap");
            } catch (IOException e) {
                return DeploymentOutcome.failed(e.toString());
            }
            try {
                if (hang) {
                    say("rolling out " + order.deployment().id());
                    Thread.sleep(Long.MAX_VALUE);
                }
                Thread.sleep(10);
                return DeploymentOutcome.succeeded("rolled out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeploymentOutcome.failed("interrupted");
            } finally {
                try {
                    Files.deleteIfExists(marker);
                } catch (IOException ignored) {
                    // the next deployment reports it as an overlap
                }
            }
        }
    }
}
