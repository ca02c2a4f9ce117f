package io.cdpipelines.cli;

import io.cdpipelines.testcluster.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts (two data directories) pointed at one PostgreSQL ledger share boards, history and the rules' view: what
 * one promotes, the other sees and promotes further. Credentials never come from the address.
 */
class SharedLedgerTest {
    private static final String DIGEST = "sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    Path work;
    String ledger;
    Path passwordFile;
    Path config;

    @BeforeEach
    void organizationOnOneRemote() throws Exception {
        PostgresServer server = PostgresServer.get();
        String jdbc = server.newDatabase();
        ledger = jdbc.substring("jdbc:".length());
        passwordFile = Files.writeString(work.resolve("ledger-password"), server.password() + "\n");
        config = FleetOrganization.write(work, FleetOrganization.bareRepository(work), """
                environments:
                  - {name: dev, dataPlane: fleet}
                  - {name: staging, dataPlane: fleet}
                pipelines:
                  - {name: standard, environments: [dev, staging]}
                """);
    }

    private InProcessCdp.Result cdp(String host, String... args) {
        return InProcessCdp.run(List.of("--config", config.toString(), "--data-dir", work.resolve(host).toString(),
                "--ledger", ledger, "--ledger-user", PostgresServer.get().user(), "--ledger-password-file",
                passwordFile.toString()), args);
    }

    @Test
    void twoHostsShareBoardHistoryAndRules() {
        InProcessCdp.Result recorded = cdp("host-a", "release", "record", "--project", "shop", "--component", "cart",
                "--revision", "r1", "--image", "registry.example.com/shop/cart@" + DIGEST);
        assertThat(recorded.code()).as(recorded.err()).isZero();
        assertThat(cdp("host-a", "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r1").code()).isZero();

        // host b sees what host a did, and the rules see dev healthy there
        assertThat(cdp("host-b", "status").out()).contains("dev", "4f3c2b1a4f3c");
        InProcessCdp.Result staging = cdp("host-b", "promote", "--project", "shop", "--component", "cart", "--to", "staging");
        assertThat(staging.code()).as(staging.err()).isZero();
        assertThat(cdp("host-a", "history", "--project", "shop").out())
                .containsPattern("(?m)^2 +shop +cart +staging +promotion +succeeded")
                .containsPattern("(?m)^1 +shop +cart +dev +promotion +succeeded");
        // nothing went to either data directory's own ledger
        assertThat(work.resolve("host-a/ledger.db")).doesNotExist();
        assertThat(work.resolve("host-b/ledger.db")).doesNotExist();
    }

    @Test
    void aDataDirectorysLedgerMovesIntoTheSharedOneWithNothingLost() {
        // host a works on its own ledger first
        InProcessCdp.Result recorded = cdpOwn("host-a", "release", "record", "--project", "shop", "--component", "cart",
                "--revision", "r1", "--image", "registry.example.com/shop/cart@" + DIGEST);
        assertThat(recorded.code()).as(recorded.err()).isZero();
        assertThat(cdpOwn("host-a", "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r1").code()).isZero();
        assertThat(cdpOwn("host-a", "promote", "--project", "shop", "--component", "cart", "--to", "staging")
                .code()).isZero();
        String before = cdpOwn("host-a", "history", "--project", "shop").out();

        InProcessCdp.Result moved = cdpOwn("host-a", "ledger", "migrate", "--to", ledger, "--ledger-user",
                PostgresServer.get().user(), "--ledger-password-file", passwordFile.toString());
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("moved 1 release, 2 deployments and 2 slots from "
                + work.resolve("host-a").resolve("ledger.db"));
        // the shared ledger answers as the old one did, from any host, and numbers on after it
        assertThat(cdp("host-b", "history", "--project", "shop").out()).isEqualTo(before);
        assertThat(cdp("host-b", "rollback", "--project", "shop", "--component", "cart", "--environment",
                "staging", "--to", "2").code()).isEqualTo(ExitCodes.REFUSED); // #2 runs there already
        InProcessCdp.Result again = cdp("host-b", "promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r1");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(cdp("host-b", "history", "--project", "shop").out()).containsPattern("(?m)^3 +shop +cart +dev ");

        // moving into a ledger that holds records is refused, and changes nothing
        InProcessCdp.Result twice = cdpOwn("host-a", "ledger", "migrate", "--to", ledger, "--ledger-user",
                PostgresServer.get().user(), "--ledger-password-file", passwordFile.toString());
        assertThat(twice.code()).isEqualTo(ExitCodes.STORAGE);
        assertThat(twice.err()).contains("holds records already (releases): move a ledger only into an empty one");
        assertThat(cdp("host-b", "history", "--project", "shop").out()).containsPattern("(?m)^3 ");
    }

    /** cdp on the data directory's own ledger. */
    private InProcessCdp.Result cdpOwn(String host, String... args) {
        return InProcessCdp.run(List.of("--config", config.toString(), "--data-dir", work.resolve(host).toString()),
                args);
    }

    @Test
    void anAddressWithCredentialsOrAWrongPasswordIsSaidWithoutThePassword() throws Exception {
        ledger = ledger.replace("postgresql://", "postgresql://cdp:hunter2@");
        InProcessCdp.Result withCredentials = cdp("host-a", "status");
        assertThat(withCredentials.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(withCredentials.err()).contains("--ledger: the ledger address may not hold credentials")
                .doesNotContain("hunter2");

        ledger = ledger.replace("cdp:hunter2@", "");
        Files.writeString(passwordFile, "not-the-password-4711");
        InProcessCdp.Result refused = cdp("host-a", "status");
        assertThat(refused.code()).isEqualTo(ExitCodes.STORAGE);
        assertThat(refused.err()).contains("refused the credentials").doesNotContain("not-the-password-4711")
                .doesNotContain("Exception");

        ledger = "mysql://db/cdp";
        assertThat(cdp("host-a", "status").err()).contains("is not a ledger address: give "
                + "postgresql://host[:port]/database");
    }
}
