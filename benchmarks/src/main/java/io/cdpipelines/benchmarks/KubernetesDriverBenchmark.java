package io.cdpipelines.benchmarks;

import io.cdpipelines.testing.Organizations;
import io.cdpipelines.testcluster.SimulatedCluster;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.kubernetes.KubernetesClients;
import io.cdpipelines.kubernetes.KubernetesDriver;
import io.cdpipelines.manifest.ManifestRenderer;
import io.cdpipelines.manifest.RenderedObjects;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.Workload;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One 5-object deployment (two ConfigMaps, a Secret, a Service, a Deployment) by the Kubernetes driver against a
 * simulated cluster with no latency: the wall time, the CPU the deploying thread spends on it (the driver's own
 * work; the API server runs on other threads), and rendering alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class KubernetesDriverBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private SimulatedCluster cluster;
    private KubernetesClients clients;
    private KubernetesDriver driver;
    private DeploymentOrder order;

    /** CPU of the deploying thread, per deployment. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public long deployments;
        public long cpuNanos;
        public long watchCpuNanos;
    }

    @Setup(Level.Trial)
    public void setUp() {
        cluster = new SimulatedCluster();
        cluster.createNamespace("shop");
        clients = new KubernetesClients((reference, key) -> SecretValue.of(SimulatedCluster.TOKEN),
                Duration.ofSeconds(10));
        driver = new KubernetesDriver(clients);
        Configuration configuration = new Configuration(Map.of("LOG_LEVEL", "info", "REGION", "eu"),
                Map.of("/etc/cart/app.yaml", "mode: production\n"), Map.of("DB_PASSWORD", new SecretReference("db")));
        Deployment deployment = new Deployment(1, new Slot("shop", "cart", "production"), "eu", "standard",
                "staging", "r1", new ImageReference("registry.example.com/shop/cart",
                ImageDigest.of("sha256:" + "d4".repeat(32))), DeploymentKind.PROMOTION, null,
                ConfigurationSnapshot.of(configuration), DeploymentResult.IN_PROGRESS, Trigger.MANUAL, "bench", null,
                "", Instant.now(), null, "");
        order = new DeploymentOrder(deployment, new Workload(null, 8080, 3), Organizations.cluster("eu", cluster.url()),
                new Environment("production", null, "eu", "shop", true, null, null), "shop", configuration,
                Map.of("DB_PASSWORD", SecretValue.of("benchmark-secret")), List.of(), Duration.ofSeconds(30));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        clients.close();
        cluster.close();
    }

    @Benchmark
    public DeploymentOutcome deployFiveObjects(Cpu cpu) {
        long before = THREADS.getCurrentThreadCpuTime();
        DeploymentOutcome outcome = driver.deploy(order, line -> { });
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - before;
        cpu.deployments++;
        return outcome;
    }

    /** The part of the CPU spent opening and closing the watch alone, for comparison. */
    @Benchmark
    public void watchOnly(Cpu cpu) {
        long before = THREADS.getCurrentThreadCpuTime();
        var watch = clients.forPlane((io.cdpipelines.model.KubernetesDataPlane) order.dataPlane(),
                order.deployment().slot()).apps().deployments().inNamespace("shop").withName("cart")
                .watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, io.fabric8.kubernetes.api.model.apps.Deployment d) {
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                    }
                });
        watch.close();
        cpu.watchCpuNanos += THREADS.getCurrentThreadCpuTime() - before;
        cpu.deployments++;
    }

    @Benchmark
    public RenderedObjects renderFiveObjects() {
        return ManifestRenderer.render(order, ManifestRenderer.SecretForm.VALUES, true);
    }
}
