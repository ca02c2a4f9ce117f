package io.cdpipelines.engine;

import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.Organization;
import io.cdpipelines.testing.MutableClock;
import io.cdpipelines.testing.Organizations;
import io.cdpipelines.testing.RecordingDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An engine over a real ledger in a temporary directory, the recording driver and a clock the test moves. */
final class EngineFixture implements AutoCloseable {
    static final String SECRET_VALUE = "s3cr3t-Value-that-must-never-show";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    final RecordingDriver driver = new RecordingDriver();
    final SqliteLedger ledger;
    final CdEngine engine;
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger secretLookups = new AtomicInteger();

    EngineFixture(Path dataDirectory) {
        this(dataDirectory, Organizations.organization());
    }

    EngineFixture(Path dataDirectory, Organization organization) {
        ledger = SqliteLedger.open(dataDirectory);
        engine = CdEngine.builder(organization, ledger).driver(driver).clock(clock)
                .slotWait(Duration.ofSeconds(20))
                .secrets((reference, key) -> {
                    secretLookups.incrementAndGet();
                    if (reference.credentialsId().equals("missing")) {
                        throw new IllegalArgumentException("no credential with id missing");
                    }
                    return SecretValue.of(SECRET_VALUE);
                })
                .build();
    }

    void log(String line) {
        log.add(line);
    }

    @Override
    public void close() {
        ledger.close();
    }
}
