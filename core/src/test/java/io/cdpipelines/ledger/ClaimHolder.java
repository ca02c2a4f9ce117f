package io.cdpipelines.ledger;

import io.cdpipelines.model.Slot;

import java.time.Duration;

/** A process that starts a deployment and never finishes it, to be killed mid-deployment: {@code ClaimHolder <ledger location> [<project> <component> <environment>]} (team-a/cart/dev by default). */
public final class ClaimHolder {

    private ClaimHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Ledger ledger = TestLedgers.open(args[0]);
        Slot key = args.length > 1 ? new Slot(args[1], args[2], args[3])
                : new Slot("team-a", "cart", "dev");
        SlotClaim claim = ledger.claim(key, "holder", Duration.ofSeconds(5));
        ledger.startDeployment(claim, SqliteLedgerTest.draft(key));
        System.out.println("holding");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
