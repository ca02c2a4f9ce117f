package io.cdpipelines.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test with a fresh engine fixture per test method, over a ledger in a temporary directory. */
abstract class EngineTest {
    @TempDir
    Path dataDirectory;
    EngineFixture fixture;
    CdEngine engine;

    @BeforeEach
    void start() {
        fixture = new EngineFixture(dataDirectory);
        engine = fixture.engine;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }
}
