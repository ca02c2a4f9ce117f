package io.cdpipelines.benchmarks;

import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.Protection;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.testing.RecordingDriver;
import io.cdpipelines.view.DeployView;
import io.cdpipelines.view.DeployViews;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The deploy view of a project of 6 components along a pipeline of 8 environments, every component deployed in every
 * environment, on the embedded ledger of 1,000,000 deployments: what a polling page asks for every few seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeployViewBenchmark {
    static final String PROJECT = "view-bench";
    static final int COMPONENTS = 6;
    static final int ENVIRONMENTS = 8;

    private Ledger ledger;
    private Organization organization;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        ledger = SqliteLedger.open(MillionDeployments.dataDirectory());
        List<Environment> environments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int e = 1; e <= ENVIRONMENTS; e++) {
            names.add("stage-" + e);
            environments.add(new Environment("stage-" + e, null, "fleet", "{project}-stage-" + e, e == ENVIRONMENTS,
                    new Configuration(Map.of("LOG_LEVEL", e < 4 ? "debug" : "info"), Map.of(), Map.of()),
                    e == ENVIRONMENTS ? new Protection(true, java.util.Set.of("release-managers"), false,
                            Duration.ofMinutes(30)) : Protection.NONE));
        }
        organization = Organization.of(new OrganizationSpec(List.of(new GitOpsDataPlane("fleet",
                "https://git.example.com/fleet.git", "main", "clusters", null)), environments,
                List.of(CdPipeline.chain("eight", names.toArray(String[]::new))), "eight",
                List.of(Project.attaching(PROJECT, "eight"))));
        if (ledger.components(PROJECT).size() < COMPONENTS) {
            deployEverywhere();
        }
        now = Instant.now();
    }

    /** Once per benchmark ledger: each component's release, promoted through all but the gated last environment. */
    private void deployEverywhere() {
        CdEngine engine = CdEngine.builder(organization, ledger).driver(new RecordingDriver()).build();
        for (int c = 1; c <= COMPONENTS; c++) {
            String component = "svc-" + c;
            String digest = "sha256:" + String.format("%064x", 0xbe0000L + c);
            engine.recordRelease(PROJECT, component, "r" + c, new ImageReference("registry.example.com/" + component,
                    ImageDigest.of(digest)), "", "bench");
            for (int e = 1; e < ENVIRONMENTS; e++) {
                PromotionRequest request = PromotionRequest.of(PROJECT, component, "stage-" + e)
                        .by("bench", Trigger.MANUAL);
                engine.promote(e == 1 ? request.revision("r" + c) : request, line -> { });
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ledger.close();
    }

    @Benchmark
    public DeployView deployView() {
        return DeployViews.of(organization, ledger, PROJECT, Optional.empty(), now);
    }
}
