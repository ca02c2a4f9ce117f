package io.cdpipelines.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a claimant waits while another holds its slot: pauses growing from 5 to 200 ms, with a little jitter so that
 * waiting claimants do not retry in step, until its deadline.
 */
final class SlotWait {
    private final Instant deadline;
    private long pause = 5;

    SlotWait(Duration wait) {
        this.deadline = Instant.now().plus(wait);
    }

    /** Pauses once more; false, at once, when the deadline has passed: then the claimant gives up. */
    boolean pause() {
        if (!Instant.now().isBefore(deadline)) {
            return false;
        }
        sleep(Math.min(pause, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
        pause = Math.min(200, pause * 2);
        return true;
    }

    /** Sleeps about {@code millis}; an interrupt ends the wait for the slot. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextInt(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlotBusyException("interrupted while waiting for the deployment slot");
        }
    }
}
