package io.cdpipelines.kubernetes;

import io.cdpipelines.testcluster.SimulatedCluster;
import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.engine.DeploymentAbortedException;
import io.cdpipelines.engine.DeploymentSuspendedException;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.PromotionPath;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine over the Kubernetes driver and two simulated clusters: fan-out, failure and automatic restore. */
class KubernetesPromotionTest {
    @TempDir
    Path dataDirectory;
    SimulatedCluster eu;
    SimulatedCluster us;
    SqliteLedger ledger;
    KubernetesClients clients;
    CdEngine engine;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        eu = new SimulatedCluster();
        us = new SimulatedCluster();
        for (SimulatedCluster cluster : List.of(eu, us)) {
            cluster.createNamespace("shop");
            cluster.createNamespace("shop-staging");
        }
        ledger = SqliteLedger.open(dataDirectory);
        clients = new KubernetesClients((reference, key) -> SecretValue.of(SimulatedCluster.TOKEN),
                Duration.ofSeconds(5));
        engine = CdEngine.builder(organization(true), ledger)
                .driver(new KubernetesDriver(clients, 3, Duration.ofMillis(20)))
                .secrets((reference, key) -> SecretValue.of("value-of-" + reference.credentialsId()))
                .rolloutTimeout(Duration.ofSeconds(2)).build();
        engine.recordRelease("shop", "cart", "r1", Organizations.image(1), new Workload(null, 8080, 2), "", "ci");
        engine.recordRelease("shop", "cart", "r2", Organizations.image(2), new Workload(null, 8080, 2), "", "ci");
    }

    private OrganizationSpec spec(boolean rollbackOnFailure) {
        Environment staging = new Environment("staging", null, "eu", "{project}-staging", false,
                Organizations.variables("LOG_LEVEL", "info"), null);
        Environment prodEu = new Environment("prod-eu", null, "eu", "{project}", true,
                Organizations.variables("REGION", "eu"), null, false, rollbackOnFailure);
        Environment prodUs = new Environment("prod-us", null, "us", "{project}", true,
                Organizations.variables("REGION", "us"), null, false, rollbackOnFailure);
        return new OrganizationSpec(List.of(Organizations.cluster("eu", eu.url()), Organizations.cluster("us", us.url())),
                List.of(staging, prodEu, prodUs),
                List.of(CdPipeline.paths("global", PromotionPath.of("staging", "prod-eu", "prod-us"))),
                "global", List.of(Project.attaching("shop", "global")));
    }

    private Organization organization(boolean rollbackOnFailure) {
        return Organization.of(spec(rollbackOnFailure));
    }

    @AfterEach
    void stop() {
        clients.close();
        ledger.close();
        eu.close();
        us.close();
    }

    /** An engine that waits for rollouts long enough for a test to stop it first. */
    private CdEngine patientEngine() {
        return CdEngine.builder(organization(true), ledger)
                .driver(new KubernetesDriver(clients, 3, Duration.ofMillis(20)))
                .rolloutTimeout(Duration.ofMinutes(5)).build();
    }

    private PromotionRequest cart(String target) {
        return PromotionRequest.of("shop", "cart", target).by("dana", Trigger.MANUAL);
    }

    private String imageIn(SimulatedCluster cluster) {
        return cluster.admin().apps().deployments().inNamespace("shop").withName("cart").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    @Test
    void whatAProcessThatDiedMidRolloutLeftInTheClusterIsRestoredByTheNextClaim() throws Exception {
        engine.promote(cart("staging").revision("r1"), log::add);
        Deployment running = engine.promote(cart("prod-eu"), log::add);
        assertThat(imageIn(eu)).isEqualTo(Organizations.image(1).toString());

        // a process takes the slot, starts deployment r2, changes the cluster and dies before recording anything
        Process holder = io.cdpipelines.ledger.ChildJvm.start(io.cdpipelines.ledger.ClaimHolder.class,
                dataDirectory.toString(), "shop", "cart", "prod-eu");
        assertThat(io.cdpipelines.ledger.ChildJvm.output(holder).readLine()).isEqualTo("holding");
        eu.admin().apps().deployments().inNamespace("shop").withName("cart").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(Organizations.image(2).toString());
            return d;
        });
        holder.destroyForcibly();
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();

        // the next claim asks for a revision that was never recorded: refused, after the cluster is put back
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.promote(cart("prod-eu").revision("r9"),
                log::add)).hasMessageContaining("r9");
        assertThat(imageIn(eu)).isEqualTo(Organizations.image(1).toString());
        List<Deployment> history = ledger.history(new Slot("shop", "cart", "prod-eu"), 5);
        assertThat(history.get(0).kind()).isEqualTo(DeploymentKind.ROLLBACK);
        assertThat(history.get(0).restores()).isEqualTo(running.id());
        assertThat(history.get(0).succeeded()).isTrue();
        assertThat(history.get(1).abandoned()).isTrue();
        assertThat(engine.drift(new Slot("shop", "cart", "prod-eu"))).contains(List.of());
    }

    @Test
    void fanOutDeploysToBothClustersAndRecordsEachTarget() {
        engine.promote(cart("staging").revision("r1"), log::add);
        List<PromotionResult> results = engine.promoteAll(cart("prod-eu"), List.of("prod-eu", "prod-us"), log::add);
        assertThat(results).allMatch(PromotionResult::succeeded);
        assertThat(imageIn(eu)).isEqualTo(Organizations.image(1).toString());
        assertThat(imageIn(us)).isEqualTo(Organizations.image(1).toString());
        assertThat(ledger.board(Optional.of("shop"))).extracting(d -> d.environment() + "@" + d.dataPlane())
                .containsExactly("prod-eu@eu", "prod-us@us", "staging@eu");
        assertThat(log).contains("prod-eu: cart 2/2 ready", "prod-us: cart 2/2 ready");
        assertThat(us.admin().configMaps().inNamespace("shop").list().getItems())
                .anyMatch(c -> "us".equals(c.getData().get("REGION")));
    }

    @Test
    void failedRolloutIsRecordedAndThePreviousDeploymentRestored() {
        engine.promote(cart("staging").revision("r1"), log::add);
        Deployment first = engine.promote(cart("prod-us"), log::add);
        engine.promote(cart("staging").revision("r2"), log::add);
        us.breakImage(Organizations.image(2).toString(), true);

        PromotionResult result = engine.promoteAll(cart("prod-us"), List.of("prod-us"), log::add).get(0);
        Deployment failed = result.deployment().orElseThrow();
        assertThat(failed.result()).isEqualTo(DeploymentResult.FAILED);
        assertThat(failed.message()).startsWith("the rollout of Deployment cart failed: progress deadline exceeded");
        assertThat(log).contains("prod-us: restoring deployment #" + first.id() + " (" + Organizations.digest(1)
                .shortForm() + ") because deployment #" + failed.id() + " failed");
        assertThat(imageIn(us)).isEqualTo(Organizations.image(1).toString());

        Deployment restore = ledger.history(new Slot("shop", "cart", "prod-us"), 1).get(0);
        assertThat(restore.kind()).isEqualTo(DeploymentKind.ROLLBACK);
        assertThat(restore.trigger()).isEqualTo(Trigger.AUTOMATIC);
        assertThat(restore.restores()).isEqualTo(first.id());
        assertThat(restore.succeeded()).isTrue();
        // the engine says so itself: a host need not read the restore back from the ledger
        assertThat(result.restore()).contains(restore);
        assertThat(ledger.current(new Slot("shop", "cart", "prod-us")).orElseThrow().image())
                .isEqualTo(Organizations.image(1));
        // an automatic restore holds nothing back: the next automatic promotion may go
        us.breakImage("none", false);
        assertThat(engine.preview(cart("prod-us").by("jenkins", Trigger.AUTOMATIC)).changesImage()).isTrue();
    }

    @Test
    void environmentMayTurnTheRestoreOff() {
        engine.reconfigure(spec(false));
        engine.promote(cart("staging").revision("r1"), log::add);
        engine.promote(cart("prod-us"), log::add);
        engine.promote(cart("staging").revision("r2"), log::add);
        us.breakImage(Organizations.image(2).toString(), true);
        Deployment failed = engine.promote(cart("prod-us"), log::add);
        assertThat(failed.succeeded()).isFalse();
        assertThat(log).anyMatch(line -> line.startsWith("prod-us: rollbackOnFailure is off"));
        assertThat(ledger.history(new Slot("shop", "cart", "prod-us"), 1).get(0).id()).isEqualTo(failed.id());
        assertThat(imageIn(us)).isEqualTo(Organizations.image(2).toString());
    }

    @Test
    void secretValuesReachTheClusterButNoRecordOrLog() {
        engine.reconfigure(spec(true).withProjects(List.of(Project.attaching("shop", "global").withEnvironment(
                "staging", new Configuration(java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of("DB_PASSWORD", new io.cdpipelines.model.SecretReference("db")))))));
        Deployment deployment = engine.promote(cart("staging").revision("r1"), log::add);
        assertThat(deployment.succeeded()).isTrue();
        var secret = eu.admin().secrets().inNamespace("shop-staging").list().getItems().get(0);
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("DB_PASSWORD"))))
                .isEqualTo("value-of-db");
        assertThat(log).noneMatch(line -> line.contains("value-of-db"));
        assertThat(deployment.toString()).doesNotContain("value-of-db");

        // a preview never needs a secret's value: an engine that cannot resolve one previews all the same
        CdEngine withoutSecrets = CdEngine.builder(engine.organization(), ledger)
                .driver(new KubernetesDriver(clients, 3, Duration.ofMillis(20)))
                .secrets((reference, key) -> {
                    throw new AssertionError("a preview resolved secret " + reference.credentialsId());
                }).build();
        assertThat(withoutSecrets.preview(cart("staging").revision("r1")).objects())
                .containsExactly("would apply the Secret of 1 value(s) DB_PASSWORD: resolved at deploy time, not shown");
        assertThat(withoutSecrets.preview(cart("staging").revision("r2")).objects())
                .contains("would change Deployment cart: image " + Organizations.image(1) + " -> "
                        + Organizations.image(2));
    }

    @Test
    void aClusterThatDiesDuringTheRolloutIsNoticedInSecondsNotAtTheTimeout() throws Exception {
        CdEngine patient = patientEngine(); // a 5-minute rollout timeout
        patient.promote(cart("staging").revision("r1"), log::add);
        us.holdRollouts();
        CompletableFuture<Deployment> running = CompletableFuture.supplyAsync(
                () -> patient.promote(cart("prod-us"), log::add));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        java.util.function.Predicate<String> waiting = line -> line.startsWith("prod-us: applied ")
                && line.endsWith(" objects; waiting for Deployment cart to roll out");
        while (log.stream().noneMatch(waiting) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log).as("the rollout wait has begun").anyMatch(waiting);
        String url = us.url();
        long stopped = System.nanoTime();
        us.close();
        Deployment lost = running.get(60, TimeUnit.SECONDS);
        // a few missed probes, not the five-minute rollout timeout
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped)).isLessThan(20);
        assertThat(lost.result()).isEqualTo(io.cdpipelines.model.DeploymentResult.FAILED);
        assertThat(lost.message()).contains("lost the API server during the rollout of Deployment cart: cannot reach "
                + "the API server (data plane us at " + url);
        us = new SimulatedCluster(); // for stop()
    }

    @Test
    void abortStopsTheWaitRecordsTheDeploymentAsAbortedAndRestoresNothing() throws Exception {
        CdEngine patient = patientEngine();
        patient.promote(cart("staging").revision("r1"), log::add);
        Deployment first = patient.promote(cart("prod-us"), log::add);
        patient.promote(cart("staging").revision("r2"), log::add);
        us.breakImage(Organizations.image(2).toString(), false);

        AbortSignal abort = new AbortSignal();
        CompletableFuture<Deployment> running = CompletableFuture.supplyAsync(
                () -> patient.promote(cart("prod-us"), log::add, abort));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log.contains("prod-us: cart 0/2 ready") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(running).isNotDone();
        abort.abort("build #7 was aborted");
        Deployment aborted = running.get(10, TimeUnit.SECONDS);

        assertThat(aborted.result()).isEqualTo(DeploymentResult.FAILED);
        assertThat(aborted.message()).isEqualTo("aborted (build #7 was aborted): stopped waiting for the rollout of "
                + "Deployment cart (prod-us: cart 0/2 ready)");
        Slot prodUs = new Slot("shop", "cart", "prod-us");
        assertThat(ledger.history(prodUs, 1).get(0).id()).isEqualTo(aborted.id());
        assertThat(imageIn(us)).isEqualTo(Organizations.image(2).toString());
        assertThat(log).contains("prod-us: the rollout of deployment #" + aborted.id() + " may go on in the cluster; "
                + "nothing is restored after an abort (a rollback restores the deployment before)");
        // the slot is free again: a person rolls back
        Deployment rollback = patient.rollback(prodUs, Optional.of(first.id()), "dana", log::add);
        assertThat(rollback.succeeded()).isTrue();
        assertThat(imageIn(us)).isEqualTo(Organizations.image(1).toString());
    }

    @Test
    void abortBeforeTheDeploymentsStartKeepsThemFromStarting() {
        engine.promote(cart("staging").revision("r1"), log::add);
        AbortSignal abort = new AbortSignal();
        abort.abort("build #8 was aborted");
        List<PromotionResult> results = engine.promoteAll(cart("prod-eu"), List.of("prod-eu", "prod-us"), log::add,
                abort);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.deployment()).isEmpty();
            assertThat(result.refusal().orElseThrow()).isInstanceOf(DeploymentAbortedException.class)
                    .hasMessageEndingWith("was not started: build #8 was aborted");
        });
        assertThat(ledger.history(new Slot("shop", "cart", "prod-eu"), 5)).isEmpty();
        assertThat(us.admin().apps().deployments().inNamespace("shop").withName("cart").get()).isNull();
    }

    @Test
    void suspendedWaitLeavesTheDeploymentUnderWayForResume() throws Exception {
        CdEngine patient = patientEngine();
        patient.promote(cart("staging").revision("r1"), log::add);
        us.holdRollouts();
        AbortSignal shutdown = new AbortSignal();
        CompletableFuture<Deployment> running = CompletableFuture.supplyAsync(
                () -> patient.promote(cart("prod-us"), log::add, shutdown));
        Slot prodUs = new Slot("shop", "cart", "prod-us");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((ledger.history(prodUs, 1).isEmpty()
                || us.admin().apps().deployments().inNamespace("shop").withName("cart").get() == null)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        shutdown.suspend("the controller is shutting down");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> running.get(10, TimeUnit.SECONDS)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(DeploymentSuspendedException.class)
                .hasMessageContaining("is left under way (the controller is shutting down)");
        Deployment underWay = ledger.history(prodUs, 1).get(0);
        assertThat(underWay.result()).isEqualTo(DeploymentResult.IN_PROGRESS);

        us.releaseRollouts();
        Deployment resumed = patient.resume(underWay.id(), log::add);
        assertThat(resumed.id()).isEqualTo(underWay.id());
        assertThat(resumed.succeeded()).isTrue();
        assertThat(imageIn(us)).isEqualTo(Organizations.image(1).toString());
        assertThat(ledger.history(prodUs, 5)).hasSize(1);
    }

    private static final long SEED = 20261127L;
    private static final int ROUNDS = 12;
    private static final List<String> TARGETS = List.of("prod-eu", "prod-us");

    /**
     * Seeded random stops of a fan-out at any moment — before it starts, while it applies, while it waits — as an
     * abort (a stopped build) or a suspension (a shutdown). Whatever the timing: nothing is left half-recorded, every
     * slot is free afterwards, an aborted deployment is recorded as such and restores nothing, and a suspended one
     * is finished by resume.
     */
    @Test
    void stoppingAFanOutAtAnyMomentLeavesTheLedgerWhole() throws Exception {
        CdEngine patient = patientEngine();
        Random random = new Random(SEED);
        int abortedWaits = 0;
        int suspendedWaits = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String revision = "round-" + round;
            patient.recordRelease("shop", "cart", revision, Organizations.image(100 + round), new Workload(null, 8080, 1),
                    "", "ci");
            patient.promote(PromotionRequest.of("shop", "cart", "staging").revision(revision)
                    .by("dana", Trigger.MANUAL), log::add);
            boolean suspend = random.nextBoolean();
            long stopAfterMillis = random.nextInt(250);
            String context = "round " + round + " (seed " + SEED + "): " + (suspend ? "suspend" : "abort") + " after "
                    + stopAfterMillis + " ms";
            eu.holdRollouts();
            us.holdRollouts();

            AbortSignal signal = new AbortSignal();
            CompletableFuture<List<PromotionResult>> fanOut = CompletableFuture.supplyAsync(() -> patient.promoteAll(
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
                Slot key = new Slot("shop", "cart", target);
                var image = Organizations.image(100 + round);
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
                Deployment resumed = patient.resume(deployment.id(), log::add);
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
