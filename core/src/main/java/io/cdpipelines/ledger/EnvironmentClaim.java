package io.cdpipelines.ledger;

import io.cdpipelines.model.DeploymentKey;

/** A held deployment slot; closing it lets the next deployment of that key start. */
public interface EnvironmentClaim extends AutoCloseable {

    DeploymentKey key();

    @Override
    void close();
}
