package io.cdpipelines.ledger;

import io.cdpipelines.model.RuleViolationException;

/** Another deployment of the same component to the same environment held the slot for longer than the wait. */
public class SlotBusyException extends RuleViolationException {
    private static final long serialVersionUID = 1L;

    public SlotBusyException(String message) {
        super(message);
    }
}
