package io.cdpipelines.benchmarks;

import io.cdpipelines.testing.Organizations;
import io.cdpipelines.testcluster.SimulatedCluster;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.kubernetes.KubernetesClients;
import io.cdpipelines.kubernetes.KubernetesDriver;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.PromotionPath;
import io.cdpipelines.model.Workload;
import io.cdpipelines.promotion.PromotionRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A promotion to one cluster against a fan-out to five, each cluster a simulated API server that answers every
 * request 50 ms late: the fan-out should cost little more than the slowest single cluster, not five times one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class FanOutBenchmark {
    private static final int CLUSTERS = 5;
    private final List<SimulatedCluster> clusters = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private SqliteLedger ledger;
    private KubernetesClients clients;
    private CdEngine engine;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<DataPlane> planes = new ArrayList<>();
        List<Environment> environments = new ArrayList<>();
        SimulatedCluster source = new SimulatedCluster();
        source.createNamespace("shop");
        clusters.add(source);
        planes.add(Organizations.cluster("source", source.url()));
        environments.add(new Environment("staging", null, "source", "shop", false, null, null));
        for (int i = 1; i <= CLUSTERS; i++) {
            SimulatedCluster cluster = new SimulatedCluster();
            cluster.createNamespace("shop");
            cluster.latency(50);
            clusters.add(cluster);
            planes.add(Organizations.cluster("region-" + i, cluster.url()));
            environments.add(new Environment("prod-" + i, null, "region-" + i, "shop", true, null, null));
            targets.add("prod-" + i);
        }
        Organization organization = Organization.of(new OrganizationSpec(planes, environments,
                List.of(new CdPipeline("regions", "", List.of(), List.of(new PromotionPath("staging", targets)),
                        java.util.Set.of())), "regions", List.of()));
        Path directory = Files.createTempDirectory("cdp-fanout");
        ledger = SqliteLedger.open(directory);
        clients = new KubernetesClients((reference, key) -> SecretValue.of(SimulatedCluster.TOKEN),
                Duration.ofSeconds(10));
        engine = CdEngine.builder(organization, ledger).driver(new KubernetesDriver(clients)).build();
        engine.recordRelease("shop", "cart", "r1", new ImageReference("registry.example.com/shop/cart",
                ImageDigest.of("sha256:" + "c3".repeat(32))), new Workload(null, 8080, 2), "", "bench");
        engine.promote(PromotionRequest.of("shop", "cart", "staging").revision("r1"), line -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        clients.close();
        ledger.close();
        clusters.forEach(SimulatedCluster::close);
    }

    @Benchmark
    public boolean oneCluster() {
        return engine.promote(PromotionRequest.of("shop", "cart", targets.get(0)), line -> { }).succeeded();
    }

    @Benchmark
    public boolean fiveClusters() {
        return engine.promoteAll(PromotionRequest.of("shop", "cart", targets.get(0)), targets, line -> { })
                .stream().allMatch(PromotionResult::succeeded);
    }
}
