package io.cdpipelines.benchmarks;

import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.SlotState;
import io.cdpipelines.promotion.PromotionDecision;
import io.cdpipelines.promotion.PromotionPolicy;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.ledger.RecordedState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One promotion decision in the large organization: resolve the project's pipelines through folder inheritance,
 * check the path and the source's health, merge environment, project and call configuration. The recorded state is
 * held in memory, so the figure is the rules' own cost; the ledger lookups are measured in {@link LedgerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PromotionDecisionBenchmark {
    private Organization organization;
    private RecordedState state;
    private PromotionRequest[] requests;
    private int next;
    private final Instant now = Instant.parse("2026-11-27T12:00:00Z");

    @Setup
    public void setUp() {
        organization = LargeOrganization.build();
        ImageReference image = new ImageReference("registry.example.com/app", ImageDigest.of("sha256:" + "a1".repeat(32)));
        Map<Slot, SlotState> states = new HashMap<>();
        requests = new PromotionRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            int team = i % LargeOrganization.TEAMS;
            String project = "team-" + team + "/svc-" + (i % LargeOrganization.SERVICES_PER_TEAM);
            String source = LargeOrganization.environment((team % LargeOrganization.PIPELINES) * 5 + 1);
            String target = LargeOrganization.environment((team % LargeOrganization.PIPELINES) * 5 + 2);
            Slot sourceKey = new Slot(project, "api", source);
            Deployment running = new Deployment(i, sourceKey, "cluster-0", "pipeline-" + team, null, "c1", image,
                    DeploymentKind.PROMOTION, null, ConfigurationSnapshot.of(io.cdpipelines.model.Configuration.EMPTY),
                    DeploymentResult.SUCCEEDED, Trigger.MANUAL, "ci", null, "", now.minusSeconds(7200),
                    now.minusSeconds(7000), "");
            states.put(sourceKey, new SlotState(Optional.of(running), Optional.of(running)));
            requests[i] = PromotionRequest.of(project, "api", target).from(source)
                    .configuration(new io.cdpipelines.model.Configuration(Map.of("FEATURE", "on"), Map.of(), Map.of()));
        }
        Release release = new Release("team-0", "api", "c1", image, null, "", now, "ci");
        state = new RecordedState() {
            @Override
            public Optional<Release> release(String project, String component, String revision) {
                return Optional.of(release);
            }

            @Override
            public Optional<Release> releaseWithDigest(String project, String component, ImageDigest digest) {
                return Optional.of(release);
            }

            @Override
            public SlotState stateOf(Slot key) {
                return states.getOrDefault(key, SlotState.NEVER_DEPLOYED);
            }

            @Override
            public Optional<String> dataPlaneUsedBy(String environment) {
                return Optional.empty();
            }
        };
    }

    @Benchmark
    public PromotionDecision decide() {
        PromotionRequest request = requests[next++ & (requests.length - 1)];
        return PromotionPolicy.decide(organization, request, state, now);
    }
}
