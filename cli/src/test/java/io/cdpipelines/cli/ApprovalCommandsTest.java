package io.cdpipelines.cli;

import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdp promote --request-approval}, {@code cdp approvals}, {@code cdp approve} and {@code cdp reject}. */
class ApprovalCommandsTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    Path work;
    private Path config;

    @BeforeEach
    void inStaging() throws Exception {
        config = FleetOrganization.write(work, FleetOrganization.bareRepository(work), """
                environments:
                  - {name: dev, dataPlane: fleet}
                  - name: production
                    dataPlane: fleet
                    protection: {approvalRequired: true, approvers: [release-managers]}
                pipelines:
                  - {name: standard, environments: [dev, production]}
                """);
        assertThat(cdp("release", "record", "--project", "shop", "--component", "cart", "--revision", "r1",
                "--image", IMAGE).code()).isZero();
        assertThat(cdp("promote", "--project", "shop", "--component", "cart", "--to", "dev", "--revision", "r1",
                "--by", "dana").code()).isZero();
    }

    private InProcessCdp.Result cdp(String... args) {
        return InProcessCdp.run(List.of("--config", config.toString(), "--data-dir",
                work.resolve("data").toString()), args);
    }

    @Test
    void askListApproveAndTheReleaseRunsInProduction() {
        InProcessCdp.Result asked = cdp("promote", "--project", "shop", "--component", "cart", "--to", "production",
                "--request-approval", "--by", "dana");
        assertThat(asked.code()).as(asked.err()).isZero();
        assertThat(asked.out()).contains("#1").contains("dana").contains("waits")
                .contains("an approver decides it: cdp approve 1");
        assertThat(cdp("approvals").out()).contains("#1").contains("production").contains("4f3c2b1a4f3c r1");
        assertThat(cdp("--output", "json", "approvals", "--project", "shop").out()).contains("\"id\" : 1")
                .contains("\"requestedBy\" : \"dana\"");

        InProcessCdp.Result byDana = cdp("approve", "1", "--by", "dana:release-managers");
        assertThat(byDana.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(byDana.err()).contains("dana asked for this promotion and may not approve it too");
        InProcessCdp.Result byErin = cdp("approve", "1", "--by", "erin:release-managers");
        assertThat(byErin.code()).as(byErin.err()).isZero();
        assertThat(byErin.out()).contains("approved by erin");
        try (SqliteLedger ledger = SqliteLedger.open(work.resolve("data"))) {
            var production = ledger.current(new Slot("shop", "cart", "production")).orElseThrow();
            assertThat(production.approvedBy()).isEqualTo("erin");
            assertThat(production.requestedBy()).isEqualTo("dana");
        }
        assertThat(cdp("approvals").out()).contains("no request for approval waits");
    }

    @Test
    void aRejectedRequestDeploysNothingAndOnlyOneWaitsPerSlot() {
        assertThat(cdp("promote", "--project", "shop", "--component", "cart", "--to", "production",
                "--request-approval", "--by", "dana").code()).isZero();
        InProcessCdp.Result again = cdp("promote", "--project", "shop", "--component", "cart", "--to", "production",
                "--request-approval", "--by", "carl");
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("waits already: decide or withdraw it first");
        assertThat(cdp("reject", "1", "--by", "erin:release-managers").out()).contains("rejected by erin");
        assertThat(cdp("reject", "1", "--by", "erin:release-managers").err()).contains("is decided already");
        assertThat(cdp("approve", "9").err()).contains("there is no approval #9");
        try (SqliteLedger ledger = SqliteLedger.open(work.resolve("data"))) {
            assertThat(ledger.history(new Slot("shop", "cart", "production"), 5)).isEmpty();
        }
    }
}
