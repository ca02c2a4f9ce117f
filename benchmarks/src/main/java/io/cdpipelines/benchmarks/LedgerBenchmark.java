package io.cdpipelines.benchmarks;

import io.cdpipelines.ledger.SlotClaim;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.PostgresLedger;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.testcluster.PostgresServer;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Trigger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ledger with 1,000,000 deployments (see {@link MillionDeployments}), on each backend (the embedded SQLite file,
 * the shared PostgreSQL database on a local server): recording a deployment durably, looking up the current
 * deployment of a key, and opening the store in a JVM capped at 256 MiB of heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class LedgerBenchmark {
    @Param({"sqlite", "postgresql"})
    public String backend;

    private Ledger ledger;
    private SlotClaim claim;
    private Deployment draft;
    private Slot[] keys;
    private Slot[] allKeys;
    private int next;
    private int nextCold;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = open();
        Slot recording = new Slot("bench", "recorder", "dev");
        claim = ledger.claim(recording, "bench", Duration.ofSeconds(5));
        draft = new Deployment(0, recording, "cluster-0", "standard", null, "c1",
                new ImageReference("registry.example.com/app", ImageDigest.of("sha256:" + "b2".repeat(32))),
                DeploymentKind.PROMOTION, null,
                ConfigurationSnapshot.of(new Configuration(Map.of("LOG_LEVEL", "info", "REPLICAS", "3"),
                        Map.of("/etc/app/app.yaml", "mode: prod\n"), Map.of())),
                DeploymentResult.IN_PROGRESS, Trigger.AUTOMATIC, "ci", null, "job/1", Instant.now(), null, "");
        keys = new Slot[4096];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = MillionDeployments.key((i * 7919L) % MillionDeployments.KEYS);
        }
        allKeys = new Slot[MillionDeployments.KEYS];
        for (int i = 0; i < allKeys.length; i++) {
            allKeys[i] = MillionDeployments.key((i * 7919L) % MillionDeployments.KEYS);
        }
    }

    private Ledger open() {
        if (backend.equals("postgresql")) {
            PostgresServer server = PostgresServer.get();
            return PostgresLedger.open(MillionDeployments.postgresDatabase(), server.user(), server.password());
        }
        return SqliteLedger.open(MillionDeployments.dataDirectory());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        claim.close();
        ledger.close();
    }

    /** Start and finish of one deployment: two durable commits, as a promotion makes them. */
    @Benchmark
    public Deployment recordDeployment() {
        Deployment started = ledger.startDeployment(claim, draft);
        return ledger.finishDeployment(claim, started.id(), DeploymentResult.SUCCEEDED, "rolled out", Instant.now());
    }

    @Benchmark
    public Optional<Deployment> currentDeployment() {
        return ledger.current(keys[next++ & (keys.length - 1)]);
    }

    /** Cycling through all 50,000 keys, five times the cache: nearly every lookup reads the database. */
    @Benchmark
    public Optional<Deployment> currentDeploymentUncached() {
        Slot key = allKeys[nextCold];
        nextCold = (nextCold + 1) % allKeys.length;
        return ledger.current(key);
    }

    /** Opening the million-deployment ledger and answering one query, cold, in a 256 MiB heap. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 5)
    public Optional<Deployment> openAndQuery() {
        try (Ledger opened = open()) {
            return opened.current(MillionDeployments.key(12345));
        }
    }
}
