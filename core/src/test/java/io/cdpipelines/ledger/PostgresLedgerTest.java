package io.cdpipelines.ledger;

import io.cdpipelines.testcluster.PostgresServer;

/** The shared ledger on a real PostgreSQL server: the contract of every backend, and what belongs to a server. */
class PostgresLedgerTest extends LedgerContractTest {

    @Override
    String newLocation() {
        return PostgresServer.get().newDatabase();
    }
}
