package io.cdpipelines.ledger;

import io.cdpipelines.model.Slot;

/** A held deployment slot; closing it lets the next deployment of that key start. */
public interface SlotClaim extends AutoCloseable {

    Slot slot();

    @Override
    void close();
}
