package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.testcluster.PostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.cdpipelines.ledger.SqliteLedgerTest.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared ledger on a real PostgreSQL server: the contract of every backend, and what belongs to a server. */
class PostgresLedgerTest extends LedgerContractTest {

    @Override
    String newLocation() {
        return PostgresServer.get().newDatabase();
    }

    /** Ends every other session of the test's database, as a server restart or a dropped network would. */
    private void dropEveryConnection() throws SQLException {
        try (Connection admin = PostgresServer.get().connect(location);
             var statement = admin.createStatement()) {
            statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()").close();
        }
    }

    @Test
    void aLedgerOutlivesItsConnectionsButAClaimDoesNot() throws Exception {
        try (JdbcLedger ledger = open(); JdbcLedger other = open()) {
            Deployment first = LedgerWriter.write(ledger, "cart", 0);
            SlotClaim held = ledger.claim(new Slot("team-a", "api", "dev"), "t", Duration.ofSeconds(5));
            Deployment started = ledger.startDeployment(held, draft(held.slot()));

            dropEveryConnection();

            // reads and writes under no claim go on, on a new connection
            assertThat(ledger.deployment(first.id())).contains(first);
            assertThat(LedgerWriter.write(ledger, "cart", 2).succeeded()).isTrue();
            // a claim whose connection ended is no longer held: nothing is recorded under it
            assertThatThrownBy(() -> ledger.finishDeployment(held, started.id(), DeploymentResult.SUCCEEDED, "",
                    Instant.now())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is no longer held: its connection to the ledger database");
            held.close();
            // its lock went with its connection: the slot is free, and the deployment is recorded abandoned
            ledger.claim(held.slot(), "t", Duration.ofSeconds(5)).close();
            assertThat(ledger.deployment(started.id()).orElseThrow().abandoned()).isTrue();

            // the other ledger listens again, and its cache follows this one's commits
            Deployment third = LedgerWriter.write(ledger, "cart", 4);
            Instant deadline = Instant.now().plusSeconds(10);
            while (!other.current(third.slot()).equals(Optional.of(third)) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(other.current(third.slot())).contains(third);
        }
    }

    @Test
    void aClaimantThatWaitsHoldsNoConnectionOfItsOwn() throws Exception {
        try (JdbcLedger ledger = open()) {
            Slot key = new Slot("team-a", "cart", "dev");
            // one connection asks all along: a new one per sample would count the last one, closing meanwhile
            try (SlotClaim held = ledger.claim(key, "alice", Duration.ofSeconds(5));
                 Connection admin = PostgresServer.get().connect(location)) {
                long before = sessions(admin); // the shared connection, the listener, the held claim's
                var waiting = java.util.concurrent.CompletableFuture.runAsync(
                        () -> ledger.claim(key, "bob", Duration.ofSeconds(2)).close());
                // asked all along its two-second wait, until it gives up
                int samples = 0;
                while (!waiting.isDone()) {
                    assertThat(sessions(admin)).isEqualTo(before);
                    samples++;
                }
                assertThat(samples).isGreaterThan(1);
                assertThatThrownBy(waiting::join).hasCauseInstanceOf(SlotBusyException.class);
            }
        }
    }

    /** The sessions of the test's database, but the one asking. */
    private static long sessions(Connection admin) throws SQLException {
        try (var statement = admin.createStatement();
             var row = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                     + " AND backend_type = 'client backend'")) { // not an autovacuum worker passing by
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void aServerThatCannotBeReachedOrRefusesTheCredentialsIsSaidWithoutThePassword() {
        PostgresServer server = PostgresServer.get();
        assertThatThrownBy(() -> PostgresLedger.open(location, server.user(), "wrong-password-4711"))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("refused the credentials, so it could not open")
                .hasMessageNotContaining("wrong-password-4711");
        assertThatThrownBy(() -> PostgresLedger.open("jdbc:postgresql://127.0.0.1:1/cdp", server.user(), "x"))
                .isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("the ledger database postgresql://127.0.0.1:1/cdp cannot be reached (")
                .hasMessageEndingWith("): check the ledger's address and that the server runs");
        String missing = location.substring(0, location.lastIndexOf('/') + 1) + "nowhere";
        assertThatThrownBy(() -> PostgresLedger.open(missing, server.user(), server.password()))
                .hasMessage("the ledger database " + missing.substring("jdbc:".length()) + " does not exist: create it "
                        + "(createdb), then run again");
        assertThat(PostgresLedger.describeDatabase(location, server.user(), server.password()))
                .contains("PostgreSQL").contains("no ledger there yet");
        open().close();
        assertThat(PostgresLedger.describeDatabase(location, server.user(), server.password()))
                .contains("ledger schema 4 (this installation knows 4)");
    }
}
