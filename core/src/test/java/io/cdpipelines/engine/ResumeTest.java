package io.cdpipelines.engine;

import io.cdpipelines.ledger.ChildJvm;
import io.cdpipelines.ledger.ClaimHolder;
import io.cdpipelines.ledger.SlotBusyException;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deployment started by a process that then ended (a restarted Jenkins) is taken up and finished. */
class ResumeTest extends EngineTest {
    private static final Slot DEV = new Slot("team-a", "cart", "dev");

    private long deploymentLeftByADeadProcess() throws Exception {
        fixture.close();
        Process holder = ChildJvm.start(ClaimHolder.class, dataDirectory.toString());
        BufferedReader output = ChildJvm.output(holder);
        assertThat(output.readLine()).isEqualTo("holding");
        holder.toHandle().destroyForcibly();
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        fixture = new EngineFixture(dataDirectory);
        engine = fixture.engine;
        return fixture.ledger.unfinishedDeployments("").get(0).id();
    }

    @Test
    void resumesTheSameDeploymentAndFinishesIt() throws Exception {
        long id = deploymentLeftByADeadProcess();
        Deployment resumed = engine.resume(id, fixture::log);
        assertThat(resumed.id()).isEqualTo(id);
        assertThat(resumed.result()).isEqualTo(DeploymentResult.SUCCEEDED);
        assertThat(fixture.driver.lastOrder().deployment().id()).isEqualTo(id);
        assertThat(fixture.ledger.current(DEV).orElseThrow().id()).isEqualTo(id);
        assertThat(fixture.ledger.unfinishedDeployments("")).isEmpty();
        assertThat(fixture.log).contains("dev: resuming deployment #" + id + " of cart ("
                + resumed.image().digest().shortForm() + ")");
        // the slot is free again, and resuming a finished deployment changes nothing
        fixture.ledger.claim(DEV, "bob", Duration.ZERO).close();
        assertThat(engine.resume(id, fixture::log)).isEqualTo(resumed);
    }

    @Test
    void aSuspendedDeploymentThatAnotherOneOvertookIsNotAppliedAgain() {
        Deployment suspended;
        try (var claim = fixture.ledger.claim(DEV, "alice", Duration.ofSeconds(1))) {
            suspended = fixture.ledger.startDeployment(claim, io.cdpipelines.ledger.SqliteLedgerTest.draft(DEV));
        }
        Deployment newer;
        try (var claim = fixture.ledger.claim(DEV, "bob", Duration.ofSeconds(1))) {
            newer = fixture.ledger.startDeployment(claim, io.cdpipelines.ledger.SqliteLedgerTest.draft(DEV));
            fixture.ledger.finishDeployment(claim, newer.id(), DeploymentResult.SUCCEEDED, "", java.time.Instant.now());
        }
        int ordersBefore = fixture.driver.orders().size();

        Deployment resumed = engine.resume(suspended.id(), fixture::log);
        assertThat(resumed.result()).isEqualTo(DeploymentResult.FAILED);
        assertThat(resumed.message()).isEqualTo("superseded by deployment #" + newer.id()
                + ", started while this one was left under way");
        assertThat(fixture.driver.orders()).hasSize(ordersBefore);
        assertThat(fixture.ledger.current(DEV).orElseThrow().id()).isEqualTo(newer.id());
    }

    @Test
    void aDeploymentWhoseHolderStillRunsIsNotTakenOver() {
        try (var claim = fixture.ledger.claim(DEV, "alice", Duration.ofSeconds(1))) {
            Deployment started = fixture.ledger.startDeployment(claim, io.cdpipelines.ledger.SqliteLedgerTest.draft(DEV));
            assertThatThrownBy(() -> engine.resume(started.id(), fixture::log))
                    .isInstanceOf(SlotBusyException.class)
                    .hasMessageContaining("cannot resume deployment #" + started.id() + ": its holder, process "
                            + ProcessHandle.current().pid());
        }
    }

    @Test
    void aRunningHostTakesOverTheSlotsOfDeadProcessesButNotOfLiveOnesNorOfBuilds() throws Exception {
        long id = deploymentLeftByADeadProcess();
        Slot staging = new Slot("team-a", "cart", "staging");
        Slot production = new Slot("team-a", "cart", "production");
        try (var held = fixture.ledger.claim(staging, "alice", Duration.ofSeconds(1))) {
            fixture.ledger.startDeployment(held, io.cdpipelines.ledger.SqliteLedgerTest.draft(staging));
            try (var byBuild = fixture.ledger.claim(production, "jenkins", Duration.ofSeconds(1))) {
                Deployment draft = io.cdpipelines.ledger.SqliteLedgerTest.draft(production);
                fixture.ledger.startDeployment(byBuild, new Deployment(0, production, draft.dataPlane(),
                        draft.pipeline(), null, draft.revision(), draft.image(), draft.kind(), null,
                        draft.configuration(), draft.result(), draft.trigger(), "jenkins", null, "shop/cart#7",
                        draft.startedAt(), null, ""));
            }
            // staging's holder (this process) runs; production's was a build, which resumes it itself
            assertThat(engine.restoreAbandoned(fixture::log)).containsExactly(DEV);
        }
        assertThat(fixture.ledger.deployment(id).orElseThrow().result()).isEqualTo(DeploymentResult.ABANDONED);
        assertThat(fixture.ledger.current(DEV)).isEmpty();
        assertThat(fixture.ledger.deploymentsUnderWay()).extracting(Deployment::slot)
                .containsExactlyInAnyOrder(staging, production);
    }
}
