package io.cdpipelines.kubernetes;

import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKey;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.PromotionPath;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testcluster.SimulatedCluster;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random stops of a fan-out at any moment — before it starts, while it applies, while it waits — as an abort
 * (a stopped build) or a suspension (a shutdown). Whatever the timing: nothing is left half-recorded, every slot is
 * free afterwards, an aborted deployment is recorded as such and restores nothing, and a suspended one is finished
 * by resume.
 */
class AbortRandomTest {
    private static final long SEED = 20261127L;
    private static final int ROUNDS = 12;
    private static final List<String> TARGETS = List.of("prod-eu", "prod-us");

    @TempDir
    Path dataDirectory;
    SimulatedCluster eu;
    SimulatedCluster us;
    SqliteLedger ledger;
    KubernetesClients clients;
    CdEngine engine;
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        eu = new SimulatedCluster();
        us = new SimulatedCluster();
        eu.createNamespace("shop");
        eu.createNamespace("shop-staging");
        us.createNamespace("shop");
        ledger = SqliteLedger.open(dataDirectory);
        clients = new KubernetesClients((reference, key) -> SecretValue.of(SimulatedCluster.TOKEN),
                Duration.ofSeconds(5));
        Environment staging = new Environment("staging", null, "eu", "{project}-staging", false, null, null);
        Environment prodEu = new Environment("prod-eu", null, "eu", "{project}", true, null, null);
        Environment prodUs = new Environment("prod-us", null, "us", "{project}", true, null, null);
        Organization organization = Organization.of(new OrganizationSpec(
                List.of(Organizations.cluster("eu", eu.url()), Organizations.cluster("us", us.url())),
                List.of(staging, prodEu, prodUs),
                List.of(CdPipeline.paths("global", PromotionPath.of("staging", "prod-eu", "prod-us"))),
                "global", List.of(Project.attaching("shop", "global"))));
        engine = CdEngine.builder(organization, ledger).driver(new KubernetesDriver(clients, 3, Duration.ofMillis(20)))
                .rolloutTimeout(Duration.ofMinutes(2)).slotWait(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        clients.close();
        ledger.close();
        eu.close();
        us.close();
    }

    @Test
    void stoppingAFanOutAtAnyMomentLeavesTheLedgerWhole() throws Exception {
        Random random = new Random(SEED);
        int abortedWaits = 0;
        int suspendedWaits = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String revision = "r" + round;
            engine.recordRelease("shop", "cart", revision, Organizations.image(round), new Workload(null, 8080, 1),
                    "", "ci");
            engine.promote(PromotionRequest.of("shop", "cart", "staging").revision(revision)
                    .by("dana", Trigger.MANUAL), log::add);
            boolean suspend = random.nextBoolean();
            long stopAfterMillis = random.nextInt(250);
            String context = "round " + round + " (seed " + SEED + "): " + (suspend ? "suspend" : "abort") + " after "
                    + stopAfterMillis + " ms";
            eu.holdRollouts();
            us.holdRollouts();

            AbortSignal signal = new AbortSignal();
            CompletableFuture<List<PromotionResult>> fanOut = CompletableFuture.supplyAsync(() -> engine.promoteAll(
                    PromotionRequest.of("shop", "cart", "prod-eu").by("dana", Trigger.MANUAL), TARGETS, log::add,
                    signal));
            Thread.sleep(stopAfterMillis);
            if (suspend) {
                signal.suspend("shutting down");
            } else {
                signal.abort("stopped");
            }
            List<PromotionResult> results = fanOut.get(60, TimeUnit.SECONDS);
            eu.releaseRollouts();
            us.releaseRollouts();

            List<Deployment> underWay = new ArrayList<>();
            for (String target : TARGETS) {
                DeploymentKey key = new DeploymentKey("shop", "cart", target);
                var image = Organizations.image(round);
                List<Deployment> mine = ledger.history(key, 10).stream().filter(d -> d.image().equals(image)).toList();
                assertThat(mine).as(context).hasSizeLessThanOrEqualTo(1);
                for (Deployment deployment : mine) {
                    if (deployment.result() == DeploymentResult.IN_PROGRESS) {
                        assertThat(suspend).as(context + ": only a suspension leaves " + target + " under way").isTrue();
                        underWay.add(deployment);
                        suspendedWaits++;
                    } else if (deployment.result() == DeploymentResult.FAILED) {
                        assertThat(deployment.message()).as(context).startsWith("aborted (stopped): ");
                        abortedWaits++;
                    }
                }
                // the slot is free, whatever happened
                ledger.claim(key, "check", Duration.ZERO).close();
            }
            assertThat(results).as(context).hasSize(TARGETS.size());
            assertThat(log).as(context).noneMatch(line -> line.contains("restoring deployment"));
            for (Deployment deployment : underWay) {
                Deployment resumed = engine.resume(deployment.id(), log::add);
                assertThat(resumed.result()).as(context).isEqualTo(DeploymentResult.SUCCEEDED);
                assertThat(resumed.id()).isEqualTo(deployment.id());
            }
            assertThat(ledger.unfinishedDeployments("")).as(context).isEmpty();
        }
        // the seed's timings reach both kinds of stop during a wait, not only stops before anything started
        assertThat(abortedWaits).isPositive();
        assertThat(suspendedWaits).isPositive();
    }
}
