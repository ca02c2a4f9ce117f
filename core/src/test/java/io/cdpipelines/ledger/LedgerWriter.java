package io.cdpipelines.ledger;

import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.testing.Organizations;

import java.time.Duration;
import java.time.Instant;

/**
 * A separate process that writes to a ledger: {@code LedgerWriter <ledger location> <component> <count>}. It prints
 * {@code ack <deployment id>} once each deployment is recorded as finished, so the parent knows what was acknowledged.
 */
public final class LedgerWriter {

    private LedgerWriter() {
    }

    public static void main(String[] args) {
        String component = args[1];
        int count = Integer.parseInt(args[2]);
        try (Ledger ledger = TestLedgers.open(args[0])) {
            System.out.println("open");
            System.out.flush();
            for (int i = 0; i < count; i++) {
                Deployment finished = write(ledger, component, i);
                System.out.println("ack " + finished.id() + " " + component + " " + i);
                System.out.flush();
            }
        }
    }

    static Deployment write(Ledger ledger, String component, int i) {
        Release release = ledger.recordRelease(new Release("team-a", component, "commit-" + i,
                Organizations.image(i), null, "job/" + i, Instant.now(), "writer"));
        Slot key = new Slot("team-a", component, i % 2 == 0 ? "dev" : "staging");
        try (SlotClaim claim = ledger.claim(key, "writer", Duration.ofSeconds(60))) {
            Deployment started = ledger.startDeployment(claim, new Deployment(0, key, "eu", "standard", null,
                    release.revision(), release.image(), DeploymentKind.PROMOTION, null,
                    ConfigurationSnapshot.of(Organizations.variables("I", Integer.toString(i))),
                    DeploymentResult.IN_PROGRESS, Trigger.AUTOMATIC, "writer", null, "job/" + i, Instant.now(), null, ""));
            return ledger.finishDeployment(claim, started.id(), DeploymentResult.SUCCEEDED, "ok " + i, Instant.now());
        }
    }

}
